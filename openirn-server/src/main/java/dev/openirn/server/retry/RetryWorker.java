package dev.openirn.server.retry;

import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.einvoice.RegistrationAttempts;
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
 * Runs in every server process: leases due rows with {@code FOR UPDATE SKIP LOCKED} and attempts
 * them, so any number of nodes share the backlog and a crashed node's rows are picked up once its
 * leases run out.
 */
@Component
@ConditionalOnProperty(name = "openirn.retry.worker-enabled", havingValue = "true", matchIfMissing = true)
public class RetryWorker {

    private static final Logger log = LoggerFactory.getLogger(RetryWorker.class);

    private final EInvoices invoices;
    private final RegistrationAttempts attempts;
    private final RetryPolicy policy;
    private final NodeIdentity node;
    private final Clock clock;
    private final Executor executor;
    private final int batchSize;

    public RetryWorker(EInvoices invoices, RegistrationAttempts attempts, RetryPolicy policy, NodeIdentity node,
            Clock clock, @Qualifier("irpAttemptExecutor") Executor executor,
            dev.openirn.server.OpenIrnProperties properties) {
        this.invoices = invoices;
        this.attempts = attempts;
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
            log.warn("Retry worker round failed; will try again", e);
        }
    }

    /** Claims one batch and waits for its attempts; returns how many rows it claimed. */
    public int drainOnce() {
        Instant now = clock.instant();
        List<String> due = invoices.claimDue(node.id(), now, now.plus(policy.lease()), batchSize);
        List<CompletableFuture<Void>> running = new ArrayList<>(due.size());
        for (String id : due) {
            running.add(CompletableFuture.runAsync(() -> attempts.run(id), executor));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return due.size();
    }
}
