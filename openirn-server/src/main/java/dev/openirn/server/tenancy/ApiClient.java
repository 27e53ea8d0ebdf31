package dev.openirn.server.tenancy;

/** An OAuth client of one organization in one environment. The secret is held only as a hash. */
public record ApiClient(String clientId, String organizationId, ApiEnvironment environment, String secretHash,
        String profile, boolean active) {
}
