package dev.openirn.server.einvoice.registration;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.support.ScheduledJob;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marks a batch completed, and publishes {@code batch.completed}, once every item has reached a final state
 * (generated, failed_terminal, cancelled, or invalid from the start). Runs after each submission and
 * periodically; the conditional update makes the event happen once, whichever node or run gets there first.
 */
@Component
class BatchCompletion extends ScheduledJob {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EventOutbox outbox;
    private final EInvoiceBatches batches;
    private final Clock clock;

    BatchCompletion(JdbcClient jdbc, TransactionTemplate transactions, EventOutbox outbox, EInvoiceBatches batches,
            Clock clock, BatchProperties properties) {
        super("openirn-batch-completion", properties.completionCheckInterval(), properties.completionCheckInterval());
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.batches = batches;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        List<String> finished = jdbc.sql("""
                select b.id from einvoice_batch b
                where b.completed_at is null and b.accepted
                  and not exists (select 1 from einvoice_batch_item i join einvoice e on e.id = i.einvoice_id
                                  where i.batch_id = b.id and e.status in ('pending', 'queued', 'failed_retriable'))
                order by b.created_at limit 100""")
                .query(String.class).list();
        finished.forEach(this::completeIfFinished);
    }

    /**
     * Completes batch {@code id} if all its items are final and it is not completed yet; true if it is completed now,
     * by this call or an earlier one (the job and a submit's own check may race for it).
     */
    boolean completeIfFinished(String id) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            // Locks the batch row: a concurrent check waits here and then finds it completed.
            record Open(String organizationId, String environment, boolean completed) {
            }
            Open open = jdbc.sql("select organization_id, environment, completed_at is not null from einvoice_batch where id = :id and accepted for update")
                    .param("id", id).query((rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getBoolean(3))).optional().orElse(null);
            if (open == null) {
                return false;
            }
            if (open.completed()) {
                return true;
            }
            if (!batches.counts(id).allFinal()) {
                return false;
            }
            Instant now = clock.instant();
            jdbc.sql("update einvoice_batch set completed_at = :now where id = :id")
                    .param("id", id).param("now", EInvoices.timestamp(now)).update();
            BatchView completed = batches.findUnscoped(id).orElseThrow();
            outbox.publish(open.organizationId(), open.environment(), EventType.BATCH_COMPLETED, id, completed, now);
            return true;
        }));
    }
}
