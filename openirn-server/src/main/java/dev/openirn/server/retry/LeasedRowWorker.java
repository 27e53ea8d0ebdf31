package dev.openirn.server.retry;

import dev.openirn.server.support.DedicatedSchedule;
import dev.openirn.server.support.NodeIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
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

    /** Leases up to {@code limit} due rows to {@code owner} until {@code leaseUntil}; returns their ids. */
    protected abstract List<String> claimDue(String owner, Instant now, Instant leaseUntil, int limit);

    /** One attempt for a row this node now holds the lease of. */
    protected abstract void attempt(String id, String owner);

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

    /** Claims one batch and waits for its attempts; returns how many rows it claimed. */
    public int drainOnce() {
        Instant now = clock.instant();
        List<String> due = claimDue(node.id(), now, now.plus(policy.lease()), batchSize);
        List<CompletableFuture<Void>> running = new ArrayList<>(due.size());
        for (String id : due) {
            running.add(CompletableFuture.runAsync(() -> attempt(id, node.id()), executor));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return due.size();
    }
}
