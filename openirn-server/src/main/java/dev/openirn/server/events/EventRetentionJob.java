package dev.openirn.server.events;

import dev.openirn.server.support.ScheduledJob;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes events older than {@code openirn.events.retention} (their deliveries and delivery log go
 * with them), in bounded batches, on every node, on a thread of its own.
 */
@Component
class EventRetentionJob extends ScheduledJob {

    private static final Logger log = LoggerFactory.getLogger(EventRetentionJob.class);
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final JdbcClient jdbc;
    private final EventProperties properties;
    private final Clock clock;

    EventRetentionJob(JdbcClient jdbc, EventProperties properties, Clock clock) {
        super("openirn-event-retention", properties.cleanupInterval(), properties.cleanupInterval());
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        deleteExpired();
    }

    /** Deletes what is past the retention; returns how many events went. */
    int deleteExpired() {
        Instant cutoff = clock.instant().minus(properties.retention());
        int total = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            int deleted = jdbc.sql("""
                    delete from api_event where id in (
                        select id from api_event where created_at < :cutoff limit :limit)""")
                    .param("cutoff", Timestamp.from(cutoff)).param("limit", properties.cleanupBatchSize())
                    .update();
            total += deleted;
            if (deleted < properties.cleanupBatchSize()) {
                break;
            }
        }
        if (total > 0) {
            log.info("Deleted {} events older than {}", total, properties.retention());
        }
        return total;
    }
}
