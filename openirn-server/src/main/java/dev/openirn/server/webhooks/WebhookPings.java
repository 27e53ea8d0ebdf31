package dev.openirn.server.webhooks;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.events.StoredEvent;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** {@code POST /v1/webhook-endpoints/{id}/test}: a {@code ping} event addressed to that endpoint only. */
@Component
class WebhookPings {

    private final EventOutbox outbox;
    private final WebhookDeliveries deliveries;

    WebhookPings(EventOutbox outbox, WebhookDeliveries deliveries) {
        this.outbox = outbox;
        this.deliveries = deliveries;
    }

    record Ping(StoredEvent event, String deliveryId) {
    }

    @Transactional
    Ping ping(WebhookEndpoint endpoint, Object endpointView, Instant now) {
        StoredEvent event = outbox.store(endpoint.organizationId(), endpoint.environment(), EventType.PING, endpoint.id(),
                endpointView, now);
        return new Ping(event, deliveries.schedule(endpoint.id(), event.id(), now));
    }
}
