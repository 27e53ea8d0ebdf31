package dev.openirn.server.events;

import java.time.Instant;

/** One event as stored: {@code payload} is the exact JSON body sent to receivers and served by the events API. */
public record StoredEvent(String id, String organizationId, String environment, String type, String objectId,
        Instant createdAt, String payload) {
}
