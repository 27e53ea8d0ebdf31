package dev.openirn.server.idempotency;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets keys whose 24-hour window has ended, in bounded batches; runs on every node, safely. */
@Component
class IdempotencyPurgeJob {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyPurgeJob(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${openirn.idempotency.purge-interval:10m}",
            fixedDelayString = "${openirn.idempotency.purge-interval:10m}")
    void purge() {
        int deleted = keys.purgeExpired(clock.instant(), properties.purgeBatchSize(), properties.purgeMaxBatches());
        if (deleted > 0) {
            log.info("Purged {} expired idempotency keys", deleted);
        }
    }
}
