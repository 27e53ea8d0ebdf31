package dev.openirn.server.ratelimit;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.support.DedicatedSchedule;
import dev.openirn.server.tenancy.ApiClient;
import dev.openirn.server.tenancy.ApiClients;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows per OAuth client and bucket, counted in PostgreSQL so that every node
 * sharing the database enforces one limit. A node reserves its share in small chunks (one upsert
 * adds the chunk to the window's row and returns the new total) and serves requests from the chunk
 * locally, so a busy client costs a fraction of a write per request; no node can ever exceed the
 * limit, at worst a few units reserved by another node go unused. Old windows are purged.
 */
@Component
public class RateLimits implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    static final Duration WINDOW = Duration.ofMinutes(1);

    /** What a request counts against. */
    public enum Bucket {
        API, CREDENTIALS, TOKEN;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The outcome of counting one request: allowed or not, and when the window resets. */
    public record Decision(boolean allowed, int limit, int used, Duration retryAfter) {

        public int remaining() {
            return Math.max(0, limit - used);
        }

        /** Whole seconds until the window resets, at least 1 (the Retry-After value). */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    private final JdbcClient jdbc;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final ApiClients clients;
    private final OpenIrnProperties.RateLimit defaults;
    private final Clock clock;
    /** Its own thread, so a slow purge never holds up the retry or cancel workers. */
    private final DedicatedSchedule purgeSchedule = new DedicatedSchedule("openirn-rate-limit-purge", WINDOW, WINDOW, this::purge);

    public RateLimits(JdbcClient jdbc, ApiClients clients, OpenIrnProperties properties, Clock clock,
            org.springframework.transaction.support.TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clients = clients;
        this.defaults = properties.rateLimit();
        this.clock = clock;
    }

    /** This node's reservation for one (client, bucket, window). */
    private static final class Share {
        int limit = -1;
        int reservedTotal;
        int remaining;
        boolean exhausted;
    }

    private record WindowKey(String clientId, Bucket bucket, Instant windowStart) {
    }

    private final java.util.concurrent.ConcurrentHashMap<WindowKey, Share> shares = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts refusals as {@code openirn.ratelimit.refusals} by bucket. */
    private io.micrometer.core.instrument.MeterRegistry meters;

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void setMeterRegistry(io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts one request of {@code clientId} against {@code bucket}. */
    public Decision hit(String clientId, Bucket bucket) {
        Decision decision = hit(clientId, bucket, null);
        if (!decision.allowed() && meters != null) {
            meters.counter("openirn.ratelimit.refusals", "bucket", bucket.wireName()).increment();
        }
        return decision;
    }

    Decision hit(String clientId, Bucket bucket, Integer fixedLimit) {
        Instant now = clock.instant();
        Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES);
        Duration untilReset = Duration.between(now, windowStart.plus(WINDOW));
        Share share = shares.computeIfAbsent(new WindowKey(clientId, bucket, windowStart), key -> new Share());
        synchronized (share) {
            if (share.limit < 0) {
                share.limit = fixedLimit != null ? fixedLimit : limitOf(clients.find(clientId), bucket);
            }
            if (share.remaining == 0 && !share.exhausted) {
                int chunk = Math.max(1, Math.min(100, share.limit / 20));
                share.reservedTotal = reserve(clientId, bucket, windowStart, chunk);
                // Of the units just reserved, only those within the limit may be used.
                share.remaining = Math.max(0, Math.min(share.reservedTotal, share.limit) - (share.reservedTotal - chunk));
                share.exhausted = share.remaining == 0;
            }
            if (share.exhausted) {
                return new Decision(false, share.limit, share.limit + 1, untilReset);
            }
            share.remaining--;
            return new Decision(true, share.limit, Math.min(share.limit, share.reservedTotal - share.remaining), untilReset);
        }
    }

    /**
     * Adds {@code units} to the window's shared count and returns the new total. A counter lost in a
     * crash costs nothing, so its commit does not wait for the disk (the invoice writes still do).
     */
    private int reserve(String clientId, Bucket bucket, Instant windowStart, int units) {
        return transactions.execute(status -> {
            jdbc.sql("set local synchronous_commit to off").update();
            return jdbc.sql("""
                    insert into rate_limit_window (client_id, bucket, window_start, hits) values (:client, :bucket, :start, :units)
                    on conflict (client_id, bucket, window_start) do update set hits = rate_limit_window.hits + :units
                    returning hits""")
                    .param("client", clientId)
                    .param("bucket", bucket.wireName())
                    .param("start", Timestamp.from(windowStart))
                    .param("units", units)
                    .query(Integer.class)
                    .single();
        });
    }

    private int limitOf(Optional<ApiClient> client, Bucket bucket) {
        Integer own = client.map(c -> switch (bucket) {
            case API -> c.apiRateLimit();
            case CREDENTIALS -> c.credentialRateLimit();
            case TOKEN -> c.tokenRateLimit();
        }).orElse(null);
        if (own != null) {
            return own;
        }
        return switch (bucket) {
            case API -> defaults.api();
            case CREDENTIALS -> defaults.credentials();
            case TOKEN -> defaults.token();
        };
    }

    @Override
    public void start() {
        purgeSchedule.start();
    }

    @Override
    public void stop() {
        purgeSchedule.stop();
    }

    @Override
    public boolean isRunning() {
        return purgeSchedule.isRunning();
    }

    /** Windows older than a few minutes can no longer matter. Every node runs this; it is idempotent. */
    public void purge() {
        Instant currentWindow = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        shares.keySet().removeIf(key -> key.windowStart().isBefore(currentWindow));
        try {
            int purged = jdbc.sql("delete from rate_limit_window where window_start < :before")
                    .param("before", Timestamp.from(clock.instant().minus(Duration.ofMinutes(5))))
                    .update();
            log.debug("Purged {} old rate-limit windows", purged);
        } catch (RuntimeException e) {
            log.warn("Could not purge old rate-limit windows; will try again", e);
        }
    }
}
