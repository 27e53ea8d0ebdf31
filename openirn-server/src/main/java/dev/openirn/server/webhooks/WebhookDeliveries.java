package dev.openirn.server.webhooks;

import dev.openirn.server.events.EventFanOut;
import dev.openirn.server.events.EventPayloads;
import dev.openirn.server.events.StoredEvent;
import dev.openirn.server.retry.LeasedRow;
import dev.openirn.server.support.Ids;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of webhook deliveries: scheduled in the transaction of the event (so a committed event is
 * never without its deliveries), leased one holder at a time, and finished only by the attempt
 * holding the lease, which also writes the delivery log.
 */
@Repository
class WebhookDeliveries implements EventFanOut {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private final JdbcClient jdbc;
    private final WebhookProperties properties;

    WebhookDeliveries(JdbcClient jdbc, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** One delivery to one endpoint for every enabled endpoint of the event's tenant subscribed to its type. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void published(StoredEvent event) {
        List<String> endpoints = jdbc.sql("""
                select id from webhook_endpoint
                where organization_id = :org and environment = :env and enabled and :type = any(event_types)""")
                .param("org", event.organizationId()).param("env", event.environment()).param("type", event.type())
                .query(String.class).list();
        for (String endpoint : endpoints) {
            schedule(endpoint, event.id(), event.createdAt());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    String schedule(String endpointId, String eventId, Instant now) {
        String id = Ids.withPrefix("whd");
        jdbc.sql("""
                insert into webhook_delivery (id, endpoint_id, event_id, status, next_attempt_at, created_at, updated_at)
                values (:id, :endpoint, :event, 'pending', :now, :now, :now)""")
                .param("id", id).param("endpoint", endpointId).param("event", eventId).param("now", Timestamp.from(now))
                .update();
        return id;
    }

    /**
     * Leases due deliveries of enabled endpoints, each endpoint's oldest first and no more per endpoint than
     * {@code perEndpoint} minus what is already in flight to it (on any node), skipping rows another node
     * is claiming. Every row gets a token of its own.
     */
    @Transactional
    List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit, int perEndpoint) {
        return jdbc.sql("""
                update webhook_delivery set lease_owner = :node || '/' || gen_random_uuid(), lease_until = :leaseUntil
                where id in (
                    select id from webhook_delivery
                    where id in (
                        select due.id from webhook_endpoint e
                        cross join lateral (
                            select c.id from webhook_delivery c
                            where c.endpoint_id = e.id and c.status = 'pending' and c.next_attempt_at <= :now
                              and (c.lease_until is null or c.lease_until < :now)
                            order by c.next_attempt_at
                            limit greatest(0, :perEndpoint - (
                                select count(*) from webhook_delivery f
                                where f.endpoint_id = e.id and f.status = 'pending' and f.lease_until >= :now))
                        ) due
                        where e.enabled)
                      and status = 'pending' and next_attempt_at <= :now and (lease_until is null or lease_until < :now)
                    order by next_attempt_at
                    limit :limit
                    for update skip locked)
                returning id, lease_owner""")
                .param("node", node).param("now", Timestamp.from(now)).param("leaseUntil", Timestamp.from(leaseUntil))
                .param("limit", limit).param("perEndpoint", perEndpoint)
                .query((rs, n) -> new LeasedRow(rs.getString(1), rs.getString(2))).list();
    }

    /** What one send needs, if {@code token} still holds the delivery. */
    record Outgoing(String id, String endpointId, String environment, String url, String eventId, String payload,
            int attempts) {
    }

    Optional<Outgoing> held(String id, String token, Instant now) {
        return jdbc.sql("select d.id, d.endpoint_id, e.environment, e.url, d.event_id, d.attempts, " + EventPayloads.COLUMNS
                        + " from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id"
                        + " join api_event v on v.id = d.event_id " + EventPayloads.JOIN
                        + " where d.id = :id and d.lease_owner = :token and d.lease_until >= :now and d.status = 'pending'")
                .param("id", id).param("token", token).param("now", Timestamp.from(now))
                .query((rs, n) -> new Outgoing(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), EventPayloads.read(rs, 7), rs.getInt(6)))
                .optional();
    }

    /** Gives back a delivery leased but not sent (no sender free): due again at once. */
    @Transactional
    void release(String id, String token) {
        jdbc.sql("update webhook_delivery set lease_owner = null, lease_until = null where id = :id and lease_owner = :token")
                .param("id", id).param("token", token).update();
    }

    /** What one attempt saw. {@code httpStatus} is null when nothing was answered (refused, timed out, unreachable). */
    record AttemptResult(Integer httpStatus, long latencyMillis, String responseExcerpt, String error) {

        boolean succeeded() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }

        String summary() {
            return httpStatus != null ? "HTTP " + httpStatus : error;
        }
    }

    /** How a recorded attempt left the delivery (and its endpoint). */
    record Recorded(String status, boolean endpointDisabled) {
    }

    /**
     * Writes the attempt to the delivery log and moves the delivery on: delivered, due again after the
     * next pause of the schedule, or failed once the schedule is used up. Counts the endpoint's
     * consecutive failures and disables it at the threshold. Empty when {@code token} no longer holds
     * the delivery (another node has it now and will record its own attempt).
     */
    @Transactional
    Optional<Recorded> record(String id, String token, String node, AttemptResult result, Instant now) {
        Optional<Integer> attemptsSoFar = jdbc.sql("""
                select attempts from webhook_delivery where id = :id and lease_owner = :token and status = 'pending' for update""")
                .param("id", id).param("token", token).query(Integer.class).optional();
        if (attemptsSoFar.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("""
                insert into webhook_delivery_attempt (delivery_id, at, node, http_status, latency_ms, response_excerpt, error)
                values (:id, :at, :node, :status, :latency, :excerpt, :error)""")
                .param("id", id).param("at", Timestamp.from(now)).param("node", node).param("status", result.httpStatus())
                .param("latency", (int) Math.min(Integer.MAX_VALUE, result.latencyMillis()))
                .param("excerpt", result.responseExcerpt()).param("error", result.error())
                .update();
        int attempts = attemptsSoFar.get() + 1;
        String status;
        Instant next = null;
        if (result.succeeded()) {
            status = DELIVERED;
        } else if (attempts <= properties.retrySchedule().size()) {
            status = PENDING;
            next = now.plus(jittered(properties.retrySchedule().get(attempts - 1)));
        } else {
            status = FAILED;
        }
        String endpointId = jdbc.sql("""
                update webhook_delivery set status = :status, attempts = :attempts, next_attempt_at = :next,
                    delivered_at = case when :status = 'delivered' then :now else delivered_at end,
                    lease_owner = null, lease_until = null, updated_at = :now
                where id = :id returning endpoint_id""")
                .param("status", status).param("attempts", attempts).param("next", next == null ? null : Timestamp.from(next))
                .param("now", Timestamp.from(now)).param("id", id)
                .query(String.class).single();
        boolean disabled = false;
        if (result.succeeded()) {
            jdbc.sql("update webhook_endpoint set consecutive_failures = 0 where id = :id and consecutive_failures <> 0")
                    .param("id", endpointId).update();
        } else {
            disabled = jdbc.sql("""
                    update webhook_endpoint set consecutive_failures = consecutive_failures + 1,
                        enabled = case when consecutive_failures + 1 >= :threshold then false else enabled end,
                        disabled_at = case when enabled and consecutive_failures + 1 >= :threshold then :now else disabled_at end,
                        disabled_reason = case when enabled and consecutive_failures + 1 >= :threshold
                            then :reason else disabled_reason end
                    where id = :id returning (enabled = false and disabled_at = :now)""")
                    .param("threshold", properties.disableAfterFailures()).param("now", Timestamp.from(now))
                    .param("reason", "Disabled automatically after " + properties.disableAfterFailures()
                            + " consecutive failed delivery attempts; the last: " + result.summary()
                            + ". Fix the receiver, then PATCH enabled=true; pending deliveries resume.")
                    .param("id", endpointId)
                    .query(Boolean.class).single();
        }
        return Optional.of(new Recorded(status, disabled));
    }

    /** Between four fifths and six fifths of {@code pause}, so retries after an outage do not arrive all at once. */
    static Duration jittered(Duration pause) {
        long millis = pause.toMillis();
        long spread = millis / 5;
        return Duration.ofMillis(Math.max(1, millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1)));
    }

    /** A delivery as the delivery log shows it. */
    record Delivery(String id, String endpointId, String eventId, String eventType, String status, int attempts,
            Instant nextAttemptAt, Instant deliveredAt, Instant createdAt, Instant updatedAt) {
    }

    /** One attempt of the delivery log. */
    record Attempt(String deliveryId, Instant at, Integer httpStatus, Integer latencyMs, String responseExcerpt,
            String error) {
    }

    private static final String DELIVERY_COLUMNS = """
            d.id, d.endpoint_id, d.event_id, v.type, d.status, d.attempts, d.next_attempt_at, d.delivered_at,
            d.created_at, d.updated_at\s""";

    private static Delivery mapDelivery(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                WebhookEndpoints.instant(rs, "next_attempt_at"), WebhookEndpoints.instant(rs, "delivered_at"),
                WebhookEndpoints.instant(rs, "created_at"), WebhookEndpoints.instant(rs, "updated_at"));
    }

    /** An endpoint's deliveries, newest first. */
    List<Delivery> ofEndpoint(String endpointId, String startingAfter, int limit) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + """
                 from webhook_delivery d join api_event v on v.id = d.event_id
                 where d.endpoint_id = :endpoint and (cast(:after as text) is null or d.id < :after)
                 order by d.id desc limit :limit""")
                .param("endpoint", endpointId).param("after", startingAfter).param("limit", limit)
                .query(WebhookDeliveries::mapDelivery).list();
    }

    /** A delivery of the caller's tenant and environment. */
    Optional<Delivery> find(String organizationId, String environment, String id) {
        return jdbc.sql("select " + DELIVERY_COLUMNS + """
                 from webhook_delivery d join api_event v on v.id = d.event_id
                 join webhook_endpoint e on e.id = d.endpoint_id
                 where d.id = :id and e.organization_id = :org and e.environment = :env""")
                .param("id", id).param("org", organizationId).param("env", environment)
                .query(WebhookDeliveries::mapDelivery).optional();
    }

    List<Attempt> attempts(List<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select delivery_id, at, http_status, latency_ms, response_excerpt, error
                from webhook_delivery_attempt where delivery_id in (:ids) order by id""")
                .param("ids", deliveryIds)
                .query((rs, n) -> new Attempt(rs.getString(1), rs.getTimestamp(2).toInstant(),
                        (Integer) rs.getObject(3), (Integer) rs.getObject(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /**
     * Sends a delivery again (replay): due now, whatever its status. False while an attempt holds it.
     * A replay continues the retry schedule where the delivery left it, so a dead letter gets this one attempt.
     */
    @Transactional
    boolean retryNow(String id, Instant now) {
        return jdbc.sql("""
                update webhook_delivery set status = 'pending', next_attempt_at = :now, updated_at = :now
                where id = :id and (lease_until is null or lease_until < :now)""")
                .param("id", id).param("now", Timestamp.from(now))
                .update() == 1;
    }
}
