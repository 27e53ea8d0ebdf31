package dev.openirn.server.webhooks;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code openirn.webhooks.*}.
 *
 * @param timeout                how long a receiver has to answer (2xx) before the attempt counts as failed
 * @param retrySchedule          the pause before each retry (jittered by up to a fifth either way); after the
 *                               last one the delivery is {@code failed} (the dead letter)
 * @param rotationOverlap        how long the previous signing secret still signs after a rotation
 * @param allowedHosts           host names, addresses or CIDR ranges live endpoints may use although they are
 *                               loopback, private, link-local or metadata addresses (internal receivers)
 * @param disableAfterFailures   consecutive failed attempts after which an endpoint is disabled
 * @param perEndpointConcurrency deliveries to one endpoint in flight at a time, so a slow receiver cannot take
 *                               every sender thread
 * @param threads                deliveries in flight per node
 * @param pollInterval           pause between looks for due deliveries
 * @param responseExcerptBytes   how much of a receiver's answer the delivery log keeps
 */
@ConfigurationProperties("openirn.webhooks")
public record WebhookProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue({"1m", "5m", "30m", "1h", "6h"}) List<Duration> retrySchedule,
        @DefaultValue("24h") Duration rotationOverlap,
        @DefaultValue List<String> allowedHosts,
        @DefaultValue("50") int disableAfterFailures,
        @DefaultValue("4") int perEndpointConcurrency,
        @DefaultValue("16") int threads,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("512") int responseExcerptBytes) {

    /** How long a node holds a delivery it is sending: the answer's timeout plus room for the database work. */
    public Duration lease() {
        return timeout.multipliedBy(2).plus(Duration.ofSeconds(5));
    }
}
