package dev.openirn.server.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.idempotency.*}: how long a key is remembered, when a running request counts as
 * abandoned (its node crashed), and how the purge job deletes expired keys.
 *
 * @param ttl                 how long a key is remembered, from its first request (24 h by the spec)
 * @param inProgressTimeout   an in-progress claim older than this is abandoned and may be taken over
 * @param inProgressRetryAfter the {@code Retry-After} a concurrent request with the same key is told
 * @param purgeInterval       pause between purge runs
 * @param purgeBatchSize      rows deleted per statement
 * @param purgeMaxBatches     statements per purge run, so one run never holds the database for long
 */
@ConfigurationProperties("openirn.idempotency")
public record IdempotencyProperties(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("2m") Duration inProgressTimeout,
        @DefaultValue("1s") Duration inProgressRetryAfter,
        @DefaultValue("10m") Duration purgeInterval,
        @DefaultValue("1000") int purgeBatchSize,
        @DefaultValue("100") int purgeMaxBatches) {
}
