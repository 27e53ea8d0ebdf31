package dev.openirn.server.retry;

import dev.openirn.server.OpenIrnProperties;
import java.time.Duration;
import java.util.concurrent.ThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, lets the IRP attempts in flight finish and record their outcome instead of cutting them off: a
 * registration the IRP made is stored by this node rather than adopted later by another. Stops after the workers
 * (they hand out no new attempts) and after the web server stopped taking requests, but before the database and
 * the web server go; an attempt still running after twice the IRP request timeout is interrupted, and its row is
 * resumed by another node once its lease runs out.
 */
@Component
class AttemptPoolDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AttemptPoolDrain.class);

    private final ThreadPoolExecutor executor;
    private final Duration grace;
    private volatile boolean running;

    AttemptPoolDrain(@Qualifier("irpAttemptExecutor") ThreadPoolExecutor executor, OpenIrnProperties properties) {
        this.executor = executor;
        this.grace = properties.irp().requestTimeout().multipliedBy(2);
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Waits for the pool to go idle without shutting it down: a stopped context may be started again (the test
     * framework pauses cached contexts), and the pool is shut down with the context anyway.
     */
    @Override
    public void stop() {
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        if (busy()) {
            log.info("Waiting up to {} for {} IRP attempt(s) in flight", grace, executor.getActiveCount());
        }
        while (busy() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (busy()) {
            log.warn("IRP attempts still running after {}; they are interrupted at shutdown and resumed after their lease", grace);
        }
    }

    private boolean busy() {
        return executor.getActiveCount() > 0 || !executor.getQueue().isEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Between the web server's graceful shutdown (DEFAULT_PHASE - 1024) and its stop (DEFAULT_PHASE - 2048). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
