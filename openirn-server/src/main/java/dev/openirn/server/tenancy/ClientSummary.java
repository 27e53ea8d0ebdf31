package dev.openirn.server.tenancy;

import java.time.Instant;

/** What the admin command lists about a client; never the secret or its hash. */
public record ClientSummary(String clientId, String organizationId, String organizationName, String environment,
        String profile, String status, String label, Integer apiRateLimit, Integer credentialRateLimit,
        Integer tokenRateLimit, Instant createdAt, Instant secretRotatedAt) {
}
