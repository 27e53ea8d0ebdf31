package dev.openirn.server.support;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * A periodic background job on a thread of its own ({@link DedicatedSchedule}), started and stopped with the
 * application, so that a slow run of one job never holds up another.
 */
public abstract class ScheduledJob implements SmartLifecycle {

    private final DedicatedSchedule schedule;

    protected ScheduledJob(String threadName, Duration initialDelay, Duration delay) {
        this.schedule = new DedicatedSchedule(threadName, initialDelay, delay, this::runOnce);
    }

    /** One run; an exception is logged by the schedule and the next run still comes. */
    protected abstract void runOnce();

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
}
