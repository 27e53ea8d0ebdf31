package dev.openirn.server.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.events.*}.
 *
 * @param retention       how long events (and their webhook deliveries) are kept, from their creation
 * @param cleanupInterval pause between runs of the job that deletes older events
 * @param cleanupBatchSize events deleted per statement, so one run never holds the tables for long
 */
@ConfigurationProperties("openirn.events")
public record EventProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration cleanupInterval,
        @DefaultValue("1000") int cleanupBatchSize) {
}
