package dev.openirn.server.einvoice;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Completes cancels the IRP could not take when they were requested. Same pattern as the retry
 * worker: every node runs it, rows are leased with {@code FOR UPDATE SKIP LOCKED}, and a crashed
 * node's rows come back when their lease runs out. A resend after an unseen outcome is safe: the
 * IRP answers 9999 for an IRN it already cancelled, which completes the row.
 */
@Component
@ConditionalOnProperty(name = "openirn.retry.worker-enabled", havingValue = "true", matchIfMissing = true)
public class CancelWorker {

    private static final Logger log = LoggerFactory.getLogger(CancelWorker.class);

    private final CancelRequests requests;
    private final EInvoiceCancellation cancellation;
    private final RetryPolicy policy;
    private final NodeIdentity node;
    private final Clock clock;
    private final Executor executor;
    private final int batchSize;

    public CancelWorker(CancelRequests requests, EInvoiceCancellation cancellation, RetryPolicy policy, NodeIdentity node,
            Clock clock, @Qualifier("irpAttemptExecutor") Executor executor, OpenIrnProperties properties) {
        this.requests = requests;
        this.cancellation = cancellation;
        this.policy = policy;
        this.node = node;
        this.clock = clock;
        this.executor = executor;
        this.batchSize = properties.retry().batchSize();
    }

    @Scheduled(fixedDelayString = "${openirn.retry.poll-interval:1s}")
    public void drain() {
        try {
            int processed;
            int rounds = 0;
            do {
                processed = drainOnce();
                rounds++;
            } while (processed == batchSize && rounds < 50);
        } catch (RuntimeException e) {
            log.warn("Cancel worker round failed; will try again", e);
        }
    }

    /** Claims one batch of due cancels and waits for their attempts; returns how many it claimed. */
    public int drainOnce() {
        Instant now = clock.instant();
        List<String> due = requests.claimDue(node.id(), now, now.plus(policy.lease()), batchSize);
        List<CompletableFuture<Void>> running = new ArrayList<>(due.size());
        for (String id : due) {
            running.add(CompletableFuture.runAsync(() -> cancellation.attempt(id, node.id(), true), executor));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return due.size();
    }
}
