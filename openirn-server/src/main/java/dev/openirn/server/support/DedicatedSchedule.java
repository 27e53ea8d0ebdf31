package dev.openirn.server.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one background job with a fixed delay on a thread of its own, so a job that is slow or stuck
 * (a retry backlog, a locked table) never delays another. Started and stopped with the application
 * context by the job's owner (a {@link org.springframework.context.SmartLifecycle}).
 */
public final class DedicatedSchedule {

    private static final Logger log = LoggerFactory.getLogger(DedicatedSchedule.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String threadName;
    private final Duration initialDelay;
    private final Duration delay;
    private final Runnable job;
    private volatile ScheduledExecutorService executor;

    public DedicatedSchedule(String threadName, Duration initialDelay, Duration delay, Runnable job) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException(threadName + ": the delay between runs must be positive, not " + delay);
        }
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.delay = delay;
        this.job = job;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops scheduling, interrupts a run in progress and waits a little for it to end. */
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Background job {} did not stop within {}", threadName, STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isRunning() {
        return executor != null;
    }

    /** A failed run must not cancel the schedule (a thrown exception would end scheduleWithFixedDelay). */
    private void runOnce() {
        try {
            job.run();
        } catch (RuntimeException | Error e) {
            log.warn("Background job {} failed; it runs again in {}", threadName, delay, e);
        }
    }
}
