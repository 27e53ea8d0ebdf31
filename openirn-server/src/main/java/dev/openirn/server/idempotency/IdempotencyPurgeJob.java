package dev.openirn.server.idempotency;

import dev.openirn.server.support.ScheduledJob;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Forgets keys whose 24-hour window has ended, in bounded batches; runs on every node, safely, on a
 * thread of its own so a slow purge never holds up the retry or cancel workers.
 */
@Component
class IdempotencyPurgeJob extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;

    IdempotencyPurgeJob(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        super("openirn-idempotency-purge", properties.purgeInterval(), properties.purgeInterval());
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        purge();
    }

    void purge() {
        int deleted = keys.purgeExpired(clock.instant(), properties.purgeBatchSize(), properties.purgeMaxBatches());
        if (deleted > 0) {
            log.info("Purged {} expired idempotency keys", deleted);
        }
    }
}
