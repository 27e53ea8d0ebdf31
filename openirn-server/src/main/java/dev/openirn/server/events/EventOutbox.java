package dev.openirn.server.events;

import dev.openirn.server.support.Ids;
import dev.openirn.server.support.SignedPayloadSplice;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: an event is stored in the transaction of the state change that causes it
 * (a change that rolls back leaves no event; a committed change always has its event), together
 * with what its fan-outs schedule. Nothing here talks to the network.
 */
@Component
public class EventOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final List<EventFanOut> fanOuts;

    public EventOutbox(JdbcClient jdbc, JsonMapper json, List<EventFanOut> fanOuts) {
        this.jdbc = jdbc;
        this.json = json;
        this.fanOuts = fanOuts;
    }

    /**
     * Stores an event whose {@code data} is the object as {@code GET} shows it at this moment and
     * hands it to every fan-out. Must run inside the transaction that writes the change.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredEvent publish(String organizationId, String environment, EventType type, String objectId, Object data,
            Instant at) {
        return publish(organizationId, environment, type, objectId, data, null, at);
    }

    /**
     * As above, for {@code data} that shows the signed payloads of an e-invoice row ({@code signedPayloads}, or
     * null): the payload is stored without them and refers to the row, which never changes them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredEvent publish(String organizationId, String environment, EventType type, String objectId, Object data,
            SignedPayloadSplice.OfRow signedPayloads, Instant at) {
        StoredEvent event = store(organizationId, environment, type, objectId, data, signedPayloads, at);
        for (EventFanOut fanOut : fanOuts) {
            fanOut.published(event);
        }
        return event;
    }

    /** Stores an event without fanning it out (a {@code ping} addressed to one endpoint). */
    @Transactional(propagation = Propagation.MANDATORY)
    public StoredEvent store(String organizationId, String environment, EventType type, String objectId, Object data,
            Instant at) {
        return store(organizationId, environment, type, objectId, data, null, at);
    }

    private StoredEvent store(String organizationId, String environment, EventType type, String objectId, Object data,
            SignedPayloadSplice.OfRow signedPayloads, Instant at) {
        String id = Ids.withPrefix("evt");
        Instant createdAt = at.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", id);
        envelope.put("type", type.wireName());
        envelope.put("createdAt", createdAt);
        envelope.put("data", data);
        byte[] payload = json.writeValueAsBytes(envelope);
        SignedPayloadSplice.Gap gap = signedPayloads == null || !signedPayloads.present() ? null
                : SignedPayloadSplice.cut(payload, signedPayloads.signedQrCode(), signedPayloads.signedInvoice());
        jdbc.sql("""
                insert into api_event (id, organization_id, environment, type, object_id, created_at, payload,
                    payload_einvoice_id, payload_splice_at)
                values (:id, :org, :env, :type, :objectId, :createdAt, :payload, :einvoiceId, :spliceAt)""")
                .param("id", id).param("org", organizationId).param("env", environment).param("type", type.wireName())
                .param("objectId", objectId).param("createdAt", Timestamp.from(createdAt))
                .param("payload", new String(gap == null ? payload : gap.json(), StandardCharsets.UTF_8))
                .param("einvoiceId", gap == null ? null : signedPayloads.einvoiceId())
                .param("spliceAt", gap == null ? null : gap.at())
                .update();
        return new StoredEvent(id, organizationId, environment, type.wireName(), objectId, createdAt,
                new String(payload, StandardCharsets.UTF_8));
    }
}
