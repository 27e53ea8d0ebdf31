package dev.openirn.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The retry queue as Prometheus sees it: {@code openirn.retry.queue.depth} (e-invoices pending, queued or
 * failed_retriable, all tenants) and {@code openirn.retry.queue.oldest.age} (seconds since the oldest of them was
 * created). One query per scrape at most every few seconds, so a scrape storm cannot load the database.
 */
@Component
class QueueMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    QueueMetrics(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private record Reading(Instant at, double depth, double oldestAgeSeconds) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("openirn.retry.queue.depth", this, metrics -> metrics.reading().depth())
                .description("E-invoices waiting to be registered (pending, queued, failed_retriable)")
                .register(registry);
        Gauge.builder("openirn.retry.queue.oldest.age", this, metrics -> metrics.reading().oldestAgeSeconds())
                .description("Age of the oldest e-invoice waiting to be registered; 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    private Reading reading() {
        Instant now = clock.instant();
        Reading current = last.get();
        if (current != null && current.at().plus(FRESH_FOR).isAfter(now)) {
            return current;
        }
        Reading fresh;
        try {
            fresh = jdbc.sql("""
                    select count(*) as depth, min(created_at) as oldest from einvoice
                    where status in ('pending', 'queued', 'failed_retriable')""")
                    .query((rs, n) -> {
                        Timestamp oldest = rs.getTimestamp("oldest");
                        double age = oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toMillis() / 1000.0);
                        return new Reading(now, rs.getLong("depth"), age);
                    }).single();
        } catch (RuntimeException e) {
            log.warn("Cannot read the retry queue for metrics: {}", e.toString());
            fresh = new Reading(now, Double.NaN, Double.NaN);
        }
        last.set(fresh);
        return fresh;
    }
}
