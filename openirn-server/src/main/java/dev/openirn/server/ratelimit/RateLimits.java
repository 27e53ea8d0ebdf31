package dev.openirn.server.ratelimit;

import dev.openirn.server.OpenIrnProperties;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows per OAuth client and bucket, counted in PostgreSQL so that every node
 * sharing the database enforces one limit: one upsert per request increments the window's row and
 * returns the new count. Old windows are purged.
 */
@Component
public class RateLimits {

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
    private final ApiClients clients;
    private final OpenIrnProperties.RateLimit defaults;
    private final Clock clock;

    public RateLimits(JdbcClient jdbc, ApiClients clients, OpenIrnProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.defaults = properties.rateLimit();
        this.clock = clock;
    }

    /**
     * Counts one request of {@code clientId} against {@code bucket}. A counter lost in a crash costs
     * nothing, so its commit does not wait for the disk (the invoice writes still do).
     */
    @Transactional
    public Decision hit(String clientId, Bucket bucket) {
        jdbc.sql("set local synchronous_commit to off").update();
        return hit(clientId, bucket, limitOf(clients.find(clientId), bucket));
    }

    Decision hit(String clientId, Bucket bucket, int limit) {
        Instant now = clock.instant();
        Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES);
        int used = jdbc.sql("""
                insert into rate_limit_window (client_id, bucket, window_start, hits) values (:client, :bucket, :start, 1)
                on conflict (client_id, bucket, window_start) do update set hits = rate_limit_window.hits + 1
                returning hits""")
                .param("client", clientId)
                .param("bucket", bucket.wireName())
                .param("start", Timestamp.from(windowStart))
                .query(Integer.class)
                .single();
        return new Decision(used <= limit, limit, used, Duration.between(now, windowStart.plus(WINDOW)));
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

    /** Windows older than a few minutes can no longer matter. Every node runs this; it is idempotent. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void purge() {
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
