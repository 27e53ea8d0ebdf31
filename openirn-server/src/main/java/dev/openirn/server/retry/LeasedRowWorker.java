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
 * The loop every background worker runs: lease a batch of due rows (the subclass's query, with
 * {@code FOR UPDATE SKIP LOCKED}), attempt them on the IRP pool, repeat while batches come back full.
 * Any number of nodes run it side by side; a crashed node's rows return when their leases end.
 * Each worker polls on a thread of its own, so one worker's backlog never holds up another.
 */
public abstract class LeasedRowWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeasedRowWorker.class);
    private static final int MAX_ROUNDS_PER_POLL = 50;

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

    /** Drains what is due now; never throws, the next poll tries again. */
    public void drain() {
        try {
            int rounds = 0;
            while (drainOnce() == batchSize && ++rounds < MAX_ROUNDS_PER_POLL) {
                // a full batch means more may be due
            }
        } catch (RuntimeException e) {
            log.warn("{} round failed; will try again", getClass().getSimpleName(), e);
        }
    }

    /**
     * Claims one batch and waits for its attempts, at most one lease long (an attempt is bounded by
     * the lease; one that overstays has lost its row anyway). Returns how many rows it attempted.
     */
    public int drainOnce() {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(policy.lease());
        List<LeasedRow> due = claimDue(node.id(), now, leaseUntil, batchSize);
        List<CompletableFuture<Void>> running = new ArrayList<>(due.size());
        for (int i = 0; i < due.size(); i++) {
            LeasedRow row = due.get(i);
            try {
                running.add(CompletableFuture.runAsync(() -> attempt(row, leaseUntil), executor));
            } catch (RejectedExecutionException busy) {
                // The pool is full (API first attempts); the rest is due again at the next poll.
                for (LeasedRow unattempted : due.subList(i, due.size())) {
                    release(unattempted, clock.instant());
                }
                break;
            }
        }
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .get(policy.lease().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException overstayed) {
            log.warn("{}: attempts still running after {}; polling on", getClass().getSimpleName(), policy.lease());
        } catch (ExecutionException e) {
            log.warn("{}: an attempt failed", getClass().getSimpleName(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return running.size();
    }
}
