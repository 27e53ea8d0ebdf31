package dev.openirn.server.einvoice.cancellation;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.retry.LeasedRow;
import dev.openirn.server.retry.LeasedRowWorker;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Completes cancels the IRP could not take when they were requested. Same pattern as the retry
 * worker: every node runs it, rows are leased with {@code FOR UPDATE SKIP LOCKED}, and a crashed
 * node's rows come back when their lease runs out. A resend after an unseen outcome is safe: the
 * IRP answers 9999 for an IRN it already cancelled, which completes the row.
 */
@Component
@ConditionalOnProperty(name = "openirn.retry.worker-enabled", havingValue = "true", matchIfMissing = true)
class CancelWorker extends LeasedRowWorker {

    private final CancelRequests requests;
    private final EInvoiceCancellation cancellation;

    CancelWorker(CancelRequests requests, EInvoiceCancellation cancellation, RetryPolicy policy, NodeIdentity node,
            Clock clock, @Qualifier("irpAttemptExecutor") Executor executor, OpenIrnProperties properties) {
        super("openirn-cancel-worker", properties.retry().pollInterval(), policy, node, clock, executor,
                properties.retry().batchSize());
        this.requests = requests;
        this.cancellation = cancellation;
    }

    @Override
    protected List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
        return requests.claimDue(node, now, leaseUntil, limit);
    }

    @Override
    protected void attempt(LeasedRow row) {
        cancellation.attempt(row.id(), row.token(), true);
    }

    @Override
    protected void release(LeasedRow row, Instant now) {
        requests.release(row.id(), row.token(), now);
    }
}
