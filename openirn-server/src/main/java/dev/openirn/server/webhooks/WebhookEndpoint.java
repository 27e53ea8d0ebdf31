package dev.openirn.server.webhooks;

import java.time.Instant;
import java.util.List;

/** A stored webhook endpoint, without its secrets. */
record WebhookEndpoint(String id, String organizationId, String environment, String url, String description,
        List<String> eventTypes, boolean enabled, String disabledReason, Instant disabledAt, int consecutiveFailures,
        Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {
}
