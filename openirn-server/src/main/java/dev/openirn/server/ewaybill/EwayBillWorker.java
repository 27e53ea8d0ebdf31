package dev.openirn.server.ewaybill;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.support.ScheduledJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The background half of e-way bills: carries every bill still waiting for NIC (queued, unanswered, or whose
 * first attempt never ran because the process stopped) to a final status with backoff, does the same for every
 * change still pending on a bill (Part-B, extension, transporter, cancel, reject), and marks generated bills whose
 * validity ran out as expired.
 */
@Component
class EwayBillWorker extends ScheduledJob {

    private static final int BATCH = 20;

    private final EwayBills bills;
    private final EwayBillGenerator generator;
    private final EwayBillActionAttempts actions;
    private final EwayBillService service;
    private final EwayBillViews views;
    private final EventOutbox outbox;
    private final TransactionTemplate transactions;
    private final RetryPolicy retryPolicy;
    private final NodeIdentity node;
    private final Clock clock;

    EwayBillWorker(EwayBills bills, EwayBillService service, EwayBillGenerator generator, EwayBillActionAttempts actions,
            EwayBillViews views, EventOutbox outbox,
            TransactionTemplate transactions, RetryPolicy retryPolicy, NodeIdentity node, Clock clock,
            @Value("${openirn.ewb.worker-interval:1s}") Duration interval) {
        super("ewaybill-worker", interval, interval);
        this.bills = bills;
        this.service = service;
        this.generator = generator;
        this.actions = actions;
        this.views = views;
        this.outbox = outbox;
        this.transactions = transactions;
        this.retryPolicy = retryPolicy;
        this.node = node;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        linkEInvoices();
        retryDue();
        retryActions();
        expire();
    }

    /** E-way bill legs of e-invoices that were queued when asked (or cut short by a crash) get their bill now. */
    void linkEInvoices() {
        for (EwayBills.PendingLink link : bills.eInvoicesAwaitingTheirBill(BATCH)) {
            service.linkToEInvoice(link.organizationId(), link.environment(), link.clientId(), link.eInvoiceId(), null);
        }
    }

    void retryDue() {
        Instant now = clock.instant();
        String lease = node.id() + "/" + UUID.randomUUID();
        for (String id : bills.leaseDue(now, lease, now.plus(retryPolicy.lease()), BATCH)) {
            generator.attempt(id, lease);
        }
    }

    /** Changes that NIC could not take, did not answer, or whose first attempt was cut short by a stop or a crash. */
    void retryActions() {
        String lease = node.id() + "/" + UUID.randomUUID();
        // One bill at a time, each leased just before its attempt: a lease covers one attempt, not a batch of them.
        // Every bill the statement leased gets its attempt: under concurrent updates PostgreSQL may re-check the
        // limited sub-select and lease a second row, which would otherwise wait out the lease untouched.
        for (int taken = 0; taken < BATCH; ) {
            Instant now = clock.instant();
            List<String> due = bills.leaseDueActions(now, lease, now.plus(retryPolicy.lease()), 1);
            if (due.isEmpty()) {
                return;
            }
            for (String billId : due) {
                actions.attempt(billId, lease);
                taken++;
            }
        }
    }

    /** Generated bills past their validity become expired; an extension inside NIC's window brings one back. */
    void expire() {
        Instant now = clock.instant();
        for (String id : bills.expiredBefore(now, BATCH)) {
            transactions.executeWithoutResult(status -> {
                if (bills.move(id, null, Event.EXPIRED, Map.of(), "validity ran out", now)) {
                    EwayBill bill = bills.get(id).orElseThrow();
                    outbox.publish(bill.organizationId(), bill.environment(), EventType.EWAYBILL_EXPIRED, id,
                            views.view(bill), now);
                }
            });
        }
    }
}
