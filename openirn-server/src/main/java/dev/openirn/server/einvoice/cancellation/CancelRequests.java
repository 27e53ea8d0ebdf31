package dev.openirn.server.einvoice.cancellation;

import static dev.openirn.server.einvoice.EInvoices.timestamp;

import dev.openirn.server.einvoice.CancelState;
import dev.openirn.server.einvoice.EInvoiceLifecycle;
import dev.openirn.server.einvoice.EInvoiceLifecycle.Event;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.retry.LeasedRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The SQL of cancellation. A cancel is stored on the row (as requested) and leased before the
 * IRP is called, so it is never lost; only the lease holder may send it or record its outcome,
 * so it is never sent by two holders at once. Every change writes its audit row in the same
 * transaction, like {@link EInvoices#transition}.
 */
@Repository
class CancelRequests {

    private final JdbcClient jdbc;
    private final EInvoices invoices;

    CancelRequests(JdbcClient jdbc, EInvoices invoices) {
        this.jdbc = jdbc;
        this.invoices = invoices;
    }

    public Optional<CancelState> find(String id) {
        return invoices.findCancelState(id);
    }

    /**
     * Stores the request and leases the row to {@code owner}, only if the row is generated, has no
     * cancel pending and nobody holds its lease. False otherwise (the caller rereads to say why).
     * {@code ewayBillId}, when not null, is the e-way bill to cancel before the IRN (the cascade).
     */
    @Transactional
    public boolean request(String id, String organizationId, String environment, String reasonCode, String remarks,
            String ewayBillId, String owner, Instant now, Instant leaseUntil) {
        int updated = jdbc.sql("""
                update einvoice set cancel_requested_at = :now, cancel_request_reason = :reason,
                    cancel_request_remarks = :remarks, cancel_next_attempt_at = :leaseUntil, cancel_attempts = 0,
                    cancel_error_code = null, cancel_error_message = null,
                    cancel_ewaybill_id = :ewayBillId, cancel_ewaybill_sent_at = null,
                    lease_owner = :owner, lease_until = :leaseUntil, updated_at = :now
                where id = :id and organization_id = :org and environment = :env and status in (:from)
                  and cancel_requested_at is null and (lease_until is null or lease_until < :now)""")
                .param("from", EInvoiceLifecycle.sourceWireNames(Event.CANCEL_REQUESTED))
                .param("id", id).param("org", organizationId).param("env", environment).param("reason", reasonCode)
                .param("remarks", remarks).param("ewayBillId", ewayBillId).param("owner", owner)
                .param("now", timestamp(now)).param("leaseUntil", timestamp(leaseUntil))
                .update();
        if (updated == 1) {
            invoices.recordEvent(id, organizationId, EInvoiceStatus.GENERATED,
                    EInvoiceLifecycle.next(EInvoiceStatus.GENERATED, Event.CANCEL_REQUESTED), 0, null, null,
                    "cancel requested (reason " + reasonCode + ")"
                            + (ewayBillId == null ? "" : ", e-way bill " + ewayBillId + " first"), now);
        }
        return updated == 1;
    }

    /** Leases due cancel requests nobody holds, like {@link EInvoices#claimDue} does for generates. */
    @Transactional
    public List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update einvoice set lease_owner = :node || '/cancel/' || gen_random_uuid(), lease_until = :leaseUntil
                where id in (
                    select id from einvoice
                    where cancel_requested_at is not null and status = 'generated'
                      and cancel_next_attempt_at <= :now
                      and (lease_until is null or lease_until < :now)
                    order by cancel_next_attempt_at
                    limit :limit
                    for update skip locked)
                returning id, lease_owner""")
                .param("node", node).param("now", timestamp(now)).param("leaseUntil", timestamp(leaseUntil))
                .param("limit", limit)
                .query((rs, n) -> new LeasedRow(rs.getString(1), rs.getString(2))).list();
    }

    /** Gives back a cancel claimed but not attempted: due again at once. */
    @Transactional
    public void release(String id, String owner, Instant now) {
        jdbc.sql("""
                update einvoice set lease_owner = null, lease_until = null, cancel_next_attempt_at = :now
                where id = :id and lease_owner = :owner and cancel_requested_at is not null""")
                .param("id", id).param("owner", owner).param("now", timestamp(now))
                .update();
    }

    /** The IRP cancelled the IRN (or reports it already cancelled): generated → cancelled, with its audit row. */
    @Transactional
    public boolean cancelled(String id, String owner, Instant cancelledAt, String upstreamCode, String upstreamMessage,
            String note, Instant now) {
        Optional<Held> held = held(id, owner, Event.CANCELLED);
        if (held.isEmpty()) {
            return false;
        }
        EInvoiceStatus to = EInvoiceLifecycle.next(held.get().status(), Event.CANCELLED);
        jdbc.sql("""
                update einvoice set status = :to, cancelled_at = :cancelledAt,
                    cancel_reason_code = cancel_request_reason, cancellation_reason = cancel_request_remarks,
                    cancel_requested_at = null, cancel_request_reason = null, cancel_request_remarks = null,
                    cancel_next_attempt_at = null, cancel_error_code = null, cancel_error_message = null,
                    cancel_ewaybill_id = null, cancel_ewaybill_sent_at = null,
                    lease_owner = null, lease_until = null, updated_at = :now
                where id = :id""")
                .param("id", id).param("to", to.wireName()).param("cancelledAt", timestamp(cancelledAt))
                .param("now", timestamp(now))
                .update();
        invoices.recordEvent(id, held.get().organizationId(), held.get().status(), to,
                held.get().attempts() + 1, upstreamCode, upstreamMessage, note, now);
        return true;
    }

    /** The IRP could not be reached: keep the request, try again at {@code nextAttemptAt}, release the lease. */
    @Transactional
    public boolean deferred(String id, String owner, Instant nextAttemptAt, String errorCode, String errorMessage,
            String upstreamCode, String upstreamMessage, Instant now) {
        Optional<Held> held = held(id, owner, Event.CANCEL_DEFERRED);
        if (held.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                update einvoice set cancel_next_attempt_at = :next, cancel_attempts = cancel_attempts + 1,
                    cancel_error_code = :errorCode, cancel_error_message = :errorMessage,
                    lease_owner = null, lease_until = null, updated_at = :now
                where id = :id""")
                .param("id", id).param("next", timestamp(nextAttemptAt)).param("errorCode", errorCode)
                .param("errorMessage", errorMessage).param("now", timestamp(now))
                .update();
        invoices.recordEvent(id, held.get().organizationId(), held.get().status(),
                EInvoiceLifecycle.next(held.get().status(), Event.CANCEL_DEFERRED),
                held.get().attempts() + 1, upstreamCode, upstreamMessage, "cancel deferred: " + errorCode, now);
        return true;
    }

    /**
     * The IRP refused the cancel (or it can no longer be sent): drop the request, release the lease.
     * {@code keepError} leaves the refusal on the row for clients polling a background cancel.
     */
    @Transactional
    public boolean refused(String id, String owner, String errorCode, String errorMessage, String upstreamCode,
            String upstreamMessage, boolean keepError, Instant now) {
        Optional<Held> held = held(id, owner, Event.CANCEL_REFUSED);
        if (held.isEmpty()) {
            return false;
        }
        jdbc.sql("""
                update einvoice set cancel_requested_at = null, cancel_request_reason = null,
                    cancel_request_remarks = null, cancel_next_attempt_at = null,
                    cancel_ewaybill_id = null, cancel_ewaybill_sent_at = null,
                    cancel_error_code = :errorCode, cancel_error_message = :errorMessage,
                    lease_owner = null, lease_until = null, updated_at = :now
                where id = :id""")
                .param("id", id).param("errorCode", keepError ? errorCode : null)
                .param("errorMessage", keepError ? errorMessage : null).param("now", timestamp(now))
                .update();
        invoices.recordEvent(id, held.get().organizationId(), held.get().status(),
                EInvoiceLifecycle.next(held.get().status(), Event.CANCEL_REFUSED),
                held.get().attempts() + 1, upstreamCode, upstreamMessage, "cancel refused: " + errorCode, now);
        return true;
    }

    /** The e-way bill a pending cascading cancel must cancel before the IRN, if it has one. */
    public Optional<String> ewayBillToCancelFirst(String id) {
        return jdbc.sql("""
                select cancel_ewaybill_id from einvoice
                where id = :id and cancel_requested_at is not null and cancel_ewaybill_id is not null""")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /**
     * Notes, while {@code owner} holds the row, when the e-way bill's cancel was first handed to the bill (kept for
     * the record; the bill's own stored action makes sure it is sent once). False when the lease was lost: the
     * new holder goes on.
     */
    @Transactional
    public boolean ewayBillCancelSending(String id, String owner, Instant now) {
        return jdbc.sql("""
                update einvoice set cancel_ewaybill_sent_at = coalesce(cancel_ewaybill_sent_at, :now)
                where id = :id and lease_owner = :owner and cancel_requested_at is not null""")
                .param("id", id).param("owner", owner).param("now", timestamp(now))
                .update() == 1;
    }

    private record Held(String organizationId, EInvoiceStatus status, int attempts) {
    }

    /** Locks the row if {@code owner} holds its lease, a cancel is pending on it and {@code event} may apply. */
    private Optional<Held> held(String id, String owner, Event event) {
        return jdbc.sql("""
                select organization_id, status, cancel_attempts from einvoice
                where id = :id and lease_owner = :owner and status in (:from) and cancel_requested_at is not null
                for update""")
                .param("id", id).param("owner", owner).param("from", EInvoiceLifecycle.sourceWireNames(event))
                .query((rs, n) -> new Held(rs.getString(1), EInvoiceStatus.fromWireName(rs.getString(2)), rs.getInt(3)))
                .optional();
    }
}
