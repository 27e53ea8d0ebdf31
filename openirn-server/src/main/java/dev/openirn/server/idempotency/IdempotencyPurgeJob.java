package dev.openirn.server.idempotency;

import dev.openirn.server.support.DedicatedSchedule;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Forgets keys whose 24-hour window has ended, in bounded batches; runs on every node, safely, on a
 * thread of its own so a slow purge never holds up the retry or cancel workers.
 */
@Component
class IdempotencyPurgeJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurgeJob.class);

    private final IdempotencyKeys keys;
    private final IdempotencyProperties properties;
    private final Clock clock;
    private final DedicatedSchedule schedule;

    IdempotencyPurgeJob(IdempotencyKeys keys, IdempotencyProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.schedule = new DedicatedSchedule("openirn-idempotency-purge", properties.purgeInterval(),
                properties.purgeInterval(), this::purge);
    }

    @Override
    public void start() {
        schedule.start();
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }

    void purge() {
        int deleted = keys.purgeExpired(clock.instant(), properties.purgeBatchSize(), properties.purgeMaxBatches());
        if (deleted > 0) {
            log.info("Purged {} expired idempotency keys", deleted);
        }
    }
}
