package dev.openirn.server.retry;

import dev.openirn.server.OpenIrnProperties;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A request's own attempt at NIC (an e-invoice's registration, an e-way bill's generation or change): run on the
 * IRP pool, never on the request thread, and waited for no longer than {@code openirn.irp.sync-deadline}. What the
 * wait ended with tells the caller how to answer; a row whose attempt did not finish stays with the worker.
 */
@Component
public class FirstAttempts {

    /** How the wait for an attempt ended. */
    public enum Ending {
        /** The attempt finished within the deadline; {@link Wait#result()} is what it returned. */
        FINISHED,
        /** The deadline passed (or the request was interrupted): the attempt goes on in the background. */
        STILL_RUNNING,
        /** Every IRP thread was busy and the queue full: the attempt never started, the worker must take the row. */
        NOT_STARTED
    }

    /** The ending, the attempt's result when it finished, and the attempt itself while it runs on. */
    public record Wait<T>(Ending ending, T result, Future<T> attempt) {
    }

    private final ThreadPoolExecutor executor;
    private final Duration syncDeadline;

    public FirstAttempts(@Qualifier("irpAttemptExecutor") ThreadPoolExecutor executor, OpenIrnProperties properties) {
        this.executor = executor;
        this.syncDeadline = properties.irp().syncDeadline();
    }

    /**
     * Runs {@code attempt} and waits for it up to the sync deadline.
     *
     * @param what names the attempt in the exception thrown when it fails with an exception of its own
     */
    public <T> Wait<T> run(Callable<T> attempt, String what) {
        Future<T> running;
        try {
            running = executor.submit(attempt);
        } catch (RejectedExecutionException busy) {
            return new Wait<>(Ending.NOT_STARTED, null, null);
        }
        try {
            return new Wait<>(Ending.FINISHED, running.get(syncDeadline.toMillis(), TimeUnit.MILLISECONDS), running);
        } catch (TimeoutException stillRunning) {
            return new Wait<>(Ending.STILL_RUNNING, null, running);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Wait<>(Ending.STILL_RUNNING, null, running);
        } catch (ExecutionException failed) {
            throw new IllegalStateException(what + " failed", failed.getCause());
        }
    }

    /** Waits for an attempt that is past its deadline but must be seen to its end (its answer is being stored). */
    public static void awaitEnd(Future<?> attempt, String what) {
        try {
            attempt.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException failed) {
            throw new IllegalStateException(what + " failed", failed.getCause());
        }
    }
}
