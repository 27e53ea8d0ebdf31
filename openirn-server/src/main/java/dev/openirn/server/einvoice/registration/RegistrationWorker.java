package dev.openirn.server.einvoice.registration;

import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.einvoice.EInvoices;
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

/** Runs in every server process and carries invoices the IRP has not registered yet to a final state. */
@Component
@ConditionalOnProperty(name = "openirn.retry.worker-enabled", havingValue = "true", matchIfMissing = true)
class RegistrationWorker extends LeasedRowWorker {

    private final EInvoices invoices;
    private final RegistrationAttempts attempts;

    RegistrationWorker(EInvoices invoices, RegistrationAttempts attempts, RetryPolicy policy, NodeIdentity node,
            Clock clock, @Qualifier("irpAttemptExecutor") Executor executor, OpenIrnProperties properties) {
        super("openirn-retry-worker", properties.retry().pollInterval(), policy, node, clock, executor,
                properties.retry().batchSize());
        this.invoices = invoices;
        this.attempts = attempts;
    }

    @Override
    protected List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
        return invoices.claimDue(node, now, leaseUntil, limit);
    }

    @Override
    protected void attempt(LeasedRow row) {
        attempts.run(row.id(), row.token());
    }

    @Override
    protected void attempt(LeasedRow row, Instant leaseUntil) {
        attempts.runLeased(row.id(), row.token(), leaseUntil);
    }

    @Override
    protected void release(LeasedRow row, Instant now) {
        invoices.release(row.id(), row.token(), now);
    }
}
