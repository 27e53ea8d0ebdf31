package dev.openirn.server.retry;

import dev.openirn.server.support.DedicatedSchedule;
import dev.openirn.server.support.NodeIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The loop every background worker runs: lease due rows (the subclass's query, with {@code FOR UPDATE SKIP
 * LOCKED}) and attempt them on the IRP pool, up to a batch at a time, leasing more while the leases come back full.
 * Any number of nodes run it side by side; a crashed node's rows return when their leases end.
 * Each worker polls on a thread of its own, so one worker's backlog never holds up another.
 */
public abstract class LeasedRowWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedRowWorker.class);
    /** Batches' worth of rows one poll leases at most before it returns to its schedule. */
    private static final int MAX_BATCHES_PER_POLL = 50;

    private final RetryPolicy policy;
    private final NodeIdentity node;
    private final Clock clock;
    private final Executor executor;
    private final int batchSize;
    private final DedicatedSchedule schedule;

    protected LeasedRowWorker(String name, Duration pollInterval, RetryPolicy policy, NodeIdentity node, Clock clock,
            Executor executor, int batchSize) {
        this.policy = policy;
        this.node = node;
        this.clock = clock;
        this.executor = executor;
        this.batchSize = batchSize;
        this.schedule = new DedicatedSchedule(name, pollInterval, pollInterval, this::drain);
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

    /** Leases up to {@code limit} due rows to this node until {@code leaseUntil}, each with a token of its own. */
    protected abstract List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit);

    /** One attempt for a row held under {@code row.token()}. */
    protected abstract void attempt(LeasedRow row);

    /**
     * One attempt for a row leased under {@code row.token()} until {@code leaseUntil}; a worker that can use the
     * lease's end (to skip renewing a lease that still covers the attempt) overrides this.
     */
    protected void attempt(LeasedRow row, Instant leaseUntil) {
        attempt(row);
    }

    /** Gives a claimed row back unattempted (the attempt pool was full), due again at once. */
    protected abstract void release(LeasedRow row, Instant now);

    /**
     * Drains what is due now, keeping up to one batch of attempts in flight: the next rows are leased as soon as
     * half of those in flight have ended, so a batch's slowest attempt no longer holds up the next batch while
     * the IRP pool waits (docs/performance.md, "A worker that leases as attempts end"). Waits for its attempts
     * before returning; never throws, the next poll tries again.
     */
    public void drain() {
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        try {
            int leased = 0;
            while (leased < MAX_BATCHES_PER_POLL * batchSize) {
                int room = batchSize - inFlight.size();
                int started = leaseAndStart(room, inFlight);
                leased += started;
                if (started < room) {
                    break; // nothing more due now, or the pool is full
                }
                if (!awaitAtMost(inFlight, batchSize / 2)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            log.warn("{} round failed; will try again", getClass().getSimpleName(), e);
        } finally {
            awaitAtMost(inFlight, 0);
        }
    }

    /** Leases up to {@code limit} due rows and starts their attempts, adding them to {@code running}; returns how many. */
    private int leaseAndStart(int limit, List<CompletableFuture<Void>> running) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(policy.lease());
        List<LeasedRow> due = claimDue(node.id(), now, leaseUntil, limit);
        for (int i = 0; i < due.size(); i++) {
            LeasedRow row = due.get(i);
            try {
                running.add(CompletableFuture.runAsync(() -> attempt(row, leaseUntil), executor));
            } catch (RejectedExecutionException busy) {
                // The pool is full (API first attempts); the rest is due again at the next poll.
                for (LeasedRow unattempted : due.subList(i, due.size())) {
                    release(unattempted, clock.instant());
                }
                return i;
            }
        }
        return due.size();
    }

    /**
     * Waits until at most {@code remaining} attempts of {@code running} are still going, dropping the ended ones,
     * and at most one lease long (an attempt is bounded by the lease; one that overstays has lost its row anyway).
     * Returns false when it stopped waiting early (overstayed, or interrupted).
     */
    private boolean awaitAtMost(List<CompletableFuture<Void>> running, int remaining) {
        long deadline = System.nanoTime() + policy.lease().toNanos();
        running.removeIf(this::ended);
        while (running.size() > remaining) {
            long left = deadline - System.nanoTime();
            try {
                CompletableFuture.anyOf(running.toArray(CompletableFuture[]::new)).get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException overstayed) {
                log.warn("{}: attempts still running after {}; polling on", getClass().getSimpleName(), policy.lease());
                running.clear();
                return false;
            } catch (ExecutionException failed) {
                // logged below, by the attempt that failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            running.removeIf(this::ended);
        }
        return true;
    }

    /** Whether an attempt has ended; one that failed is logged here, once, as it is dropped. */
    private boolean ended(CompletableFuture<Void> attempt) {
        if (!attempt.isDone()) {
            return false;
        }
        if (attempt.isCompletedExceptionally()) {
            try {
                attempt.join();
            } catch (RuntimeException e) {
                log.warn("{}: an attempt failed", getClass().getSimpleName(), e.getCause() != null ? e.getCause() : e);
            }
        }
        return true;
    }
}
