package dev.openirn.server.einvoice;

import dev.openirn.server.retry.LeasedRow;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * All SQL on e-invoices. Every status change goes through {@link #transition} so that it is
 * written with its audit row in one transaction, and only by the attempt holding the row's lease.
 */
@Repository
public class EInvoices {

    public static final String COLUMNS = """
            id, organization_id, environment, client_id, status, supply_type, seller_gstin, buyer_gstin,
            document_type, invoice_number, invoice_date, financial_year, total_invoice_value, expected_irn,
            nic_payload, payload_hash, warnings, irn, ack_number, ack_date, signed_invoice, signed_qr_code,
            generated_at, error_code, error_message, upstream_code, upstream_message, attempts, retry_count,
            next_retry_at, outcome_unknown, cancelled_at, cancel_reason_code, cancellation_reason, created_at, updated_at,
            give_up_clock_from, irp\s""";

    /** The columns of a row's cancel bookkeeping ({@link CancelState}). */
    public static final String CANCEL_COLUMNS = """
            cancel_requested_at, cancel_request_reason, cancel_request_remarks, cancel_next_attempt_at,
            cancel_attempts, cancel_error_code, cancel_error_message\s""";

    private final JdbcClient jdbc;
    private final EInvoiceEventPublisher events;

    /** Counts registration outcomes; absent in tests that build this class by hand. */
    private MeterRegistry meters;

    @Autowired(required = false)
    void setMeterRegistry(MeterRegistry meters) {
        this.meters = meters;
    }

    public EInvoices(JdbcClient jdbc, EInvoiceEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Stores a new document as {@code pending}, leased under {@code leaseToken} to the attempt about to send it;
     * returns the row as stored, which that attempt starts from instead of reading it back.
     */
    @Transactional
    public EInvoice insertPending(EInvoice invoice, String leaseToken, Instant leaseUntil) {
        // Its outcome counts as unknown from the start: the first attempt records "sent" only with its outcome.
        insert(invoice, leaseToken, leaseUntil, leaseUntil, true);
        return invoice.storedPending(leaseUntil);
    }

    /**
     * Stores a new document as {@code pending}, unleased and due at once: the registration worker sends it
     * (a batch item). Nothing was sent, so its outcome is known until the worker's attempt records "sent".
     */
    @Transactional
    public void insertForWorker(EInvoice invoice) {
        insert(invoice, null, null, invoice.createdAt(), false);
    }

    private void insert(EInvoice invoice, String leaseToken, Instant leaseUntil, Instant nextRetryAt, boolean outcomeUnknown) {
        EInvoiceStatus received = EInvoiceLifecycle.next(null, EInvoiceLifecycle.Event.RECEIVED);
        jdbc.sql("""
                insert into einvoice (id, organization_id, environment, client_id, status, supply_type, seller_gstin,
                    buyer_gstin, document_type, invoice_number, document_number_key, invoice_date, financial_year,
                    total_invoice_value, expected_irn, nic_payload, payload_hash, warnings, next_retry_at,
                    outcome_unknown, lease_owner, lease_until, created_at, updated_at, give_up_clock_from)
                values (:id, :organizationId, :environment, :clientId, :status, :supplyType, :sellerGstin,
                    :buyerGstin, :documentType, :invoiceNumber, upper(:invoiceNumber), :invoiceDate, :financialYear,
                    :totalInvoiceValue, :expectedIrn, :nicPayload, :payloadHash, :warnings, :nextRetryAt,
                    :outcomeUnknown, :leaseOwner, :leaseUntil, :createdAt, :createdAt, :createdAt)""")
                .param("id", invoice.id())
                .param("organizationId", invoice.organizationId())
                .param("environment", invoice.environment())
                .param("clientId", invoice.clientId())
                .param("status", received.wireName())
                .param("supplyType", invoice.supplyType())
                .param("sellerGstin", invoice.sellerGstin())
                .param("buyerGstin", invoice.buyerGstin())
                .param("documentType", invoice.documentType())
                .param("invoiceNumber", invoice.invoiceNumber())
                .param("invoiceDate", invoice.invoiceDate())
                .param("financialYear", invoice.financialYear())
                .param("totalInvoiceValue", invoice.totalInvoiceValue())
                .param("expectedIrn", invoice.expectedIrn())
                .param("nicPayload", invoice.nicPayload())
                .param("payloadHash", invoice.payloadHash())
                .param("warnings", invoice.warnings())
                .param("leaseOwner", leaseToken)
                .param("leaseUntil", timestamp(leaseUntil))
                .param("nextRetryAt", timestamp(nextRetryAt))
                .param("outcomeUnknown", outcomeUnknown)
                .param("createdAt", timestamp(invoice.createdAt()))
                .update();
        recordEvent(invoice.id(), invoice.organizationId(), null, received, 0, null, null,
                "received", invoice.createdAt());
    }

    public Optional<EInvoice> find(String organizationId, String environment, String id) {
        return jdbc.sql("select " + COLUMNS + " from einvoice where id = :id and organization_id = :org and environment = :env")
                .param("id", id).param("org", organizationId).param("env", environment)
                .query(EInvoices::map).optional();
    }

    public Optional<EInvoice> findByDocument(String organizationId, String environment, String sellerGstin,
            String financialYear, String documentType, String invoiceNumber) {
        return jdbc.sql("select " + COLUMNS + """
                 from einvoice where organization_id = :org and environment = :env and seller_gstin = :seller
                 and financial_year = :fy and document_type = :type and document_number_key = upper(:number)""")
                .param("org", organizationId).param("env", environment).param("seller", sellerGstin)
                .param("fy", financialYear).param("type", documentType).param("number", invoiceNumber)
                .query(EInvoices::map).optional();
    }

    /** Lookup by IRN, scoped like every API read (index einvoice_irn). */
    public Optional<EInvoice> findByIrn(String organizationId, String environment, String irn) {
        return jdbc.sql("select " + COLUMNS + """
                 from einvoice where irn = :irn and organization_id = :org and environment = :env""")
                .param("irn", irn == null ? null : irn.toLowerCase(java.util.Locale.ROOT))
                .param("org", organizationId).param("env", environment)
                .query(EInvoices::map).optional();
    }

    /** Internal read for the worker, which acts on behalf of whichever tenant owns the row. */
    public Optional<EInvoice> get(String id) {
        return jdbc.sql("select " + COLUMNS + " from einvoice where id = :id").param("id", id).query(EInvoices::map).optional();
    }

    /**
     * Leases up to {@code limit} rows that are due, skipping rows another node holds, so any number
     * of nodes share the work and a crashed node's rows come back when its lease runs out. Every row
     * gets a token of its own: only the attempt holding it may renew the lease or record an outcome.
     */
    @Transactional
    public List<LeasedRow> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update einvoice set lease_owner = :node || '/' || gen_random_uuid(), lease_until = :leaseUntil
                where id in (
                    select id from einvoice
                    where status in ('pending', 'queued', 'failed_retriable')
                      and next_retry_at <= :now
                      and (lease_until is null or lease_until < :now)
                    order by next_retry_at
                    limit :limit
                    for update skip locked)
                returning id, lease_owner""")
                .param("node", node).param("now", timestamp(now)).param("leaseUntil", timestamp(leaseUntil))
                .param("limit", limit)
                .query((rs, n) -> new LeasedRow(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * Extends the lease held under {@code token} to {@code leaseUntil} as an attempt starts. False when
     * the token no longer holds it (re-claimed after it ran out, e.g. while the attempt waited in a
     * queue) or the row no longer awaits the IRP: the attempt must then do nothing.
     */
    @Transactional
    public boolean renewLease(String id, String token, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update einvoice set lease_until = :leaseUntil
                where id = :id and lease_owner = :token and lease_until >= :now
                  and status in ('pending', 'queued', 'failed_retriable')""")
                .param("id", id).param("token", token).param("now", timestamp(now))
                .param("leaseUntil", timestamp(leaseUntil))
                .update() == 1;
    }

    /** Gives back a row leased under {@code token} but not attempted (no thread free): due again at once. */
    @Transactional
    public void release(String id, String token, Instant now) {
        jdbc.sql("""
                update einvoice set lease_owner = null, lease_until = null, next_retry_at = :now
                where id = :id and lease_owner = :token and status in ('pending', 'queued', 'failed_retriable')""")
                .param("id", id).param("token", token).param("now", timestamp(now))
                .update();
    }

    /**
     * Makes a {@code failed_retriable} e-invoice of this tenant due now, unless an attempt holds it: the retry
     * worker takes it on its next poll, exactly as when its backoff runs out. False if it is not waiting for a retry.
     */
    @Transactional
    public boolean retryNow(String organizationId, String environment, String id, Instant now) {
        return jdbc.sql("""
                update einvoice set next_retry_at = :now
                where id = :id and organization_id = :org and environment = :env and status = 'failed_retriable'
                  and (lease_until is null or lease_until < :now)""")
                .param("id", id).param("org", organizationId).param("env", environment).param("now", timestamp(now))
                .update() == 1;
    }

    /**
     * Applies one status change and its audit row atomically, only while {@code token} holds the
     * lease and the row is in a status the change may leave. Returns false otherwise: another
     * attempt now owns the row and will finish it.
     */
    @Transactional
    public boolean transition(String id, String token, Transition change, Instant now) {
        return transitionReturning(id, token, change, now).isPresent();
    }

    /**
     * As {@link #transition}, returning the row as the change left it (with its cancel bookkeeping, without its
     * NIC payload), or empty when the token no longer holds it. One statement locks, checks and updates the row and returns it, so
     * the outcome's event and answer are rendered without reading the row again; the audit rows of the step
     * go in with one insert.
     */
    @Transactional
    public Optional<Stored> transitionReturning(String id, String token, Transition change, Instant now) {
        // Refuses an event the table has no move for from an existing row, before any SQL.
        String update = transitionSql(change.event());
        record Changed(EInvoiceStatus was, Stored row) {
        }
        Optional<Changed> changed = jdbc.sql(update)
                .param("id", id).param("token", token)
                .param("from", EInvoiceLifecycle.sourceWireNames(change.event()))
                .param("sending", change.sending() ? 1 : 0)
                .param("retryIncrement", change.countsAsRetry() ? 1 : 0)
                .param("nextRetryAt", timestamp(change.nextRetryAt()))
                .param("outcomeUnknown", change.outcomeUnknown())
                .param("errorCode", change.errorCode())
                .param("errorMessage", change.errorMessage())
                .param("upstreamCode", change.upstreamCode())
                .param("upstreamMessage", change.upstreamMessage())
                .param("irn", change.registration() == null ? null : change.registration().irn())
                .param("ackNumber", change.registration() == null ? null : change.registration().ackNumber())
                .param("ackDate", change.registration() == null ? null : timestamp(change.registration().ackDate()))
                .param("signedInvoice", change.registration() == null ? null : change.registration().signedInvoice())
                .param("signedQrCode", change.registration() == null ? null : change.registration().signedQrCode())
                .param("generatedAt", change.registration() == null ? null : timestamp(now))
                .param("irp", change.registration() == null ? null : change.registration().irp())
                .param("release", change.releaseLease())
                .param("now", timestamp(now))
                .query((rs, n) -> new Changed(EInvoiceStatus.fromWireName(rs.getString("previous_status")),
                        new Stored(map(rs, n), mapCancelState(rs, n))))
                .optional();
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        EInvoice row = changed.get().row().invoice();
        EInvoiceStatus was = changed.get().was();
        EInvoiceStatus to = row.status();
        int attempts = row.attempts();
        List<Step> steps = new ArrayList<>(2);
        if (change.sending() && was == EInvoiceStatus.PENDING) {
            // The send and its outcome are committed together; the trail still shows both steps.
            EInvoiceStatus sent = EInvoiceLifecycle.next(was, EInvoiceLifecycle.Event.SENT);
            if (to != sent) {
                steps.add(new Step(was, sent, null, null, "sent to IRP"));
                was = sent;
            }
        }
        steps.add(new Step(was, to, change.upstreamCode(), change.upstreamMessage(), change.note()));
        recordSteps(id, row.organizationId(), steps, attempts, now);
        events.statusChanged(changed.get().row(), was, to, attempts, now);
        if (meters != null) {
            meters.counter("openirn.einvoice.registration.outcomes", "status", to.wireName()).increment();
        }
        return Optional.of(changed.get().row());
    }

    /** One line of the audit trail written by a transition. */
    private record Step(EInvoiceStatus from, EInvoiceStatus to, String upstreamCode, String upstreamMessage, String note) {
    }

    /** The transition statement of each event, built once: its target status is a CASE over the table's moves. */
    private static final java.util.Map<EInvoiceLifecycle.Event, String> TRANSITION_SQL =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static String transitionSql(EInvoiceLifecycle.Event event) {
        EInvoiceLifecycle.sources(event); // an event with no move from an existing row is refused here
        return TRANSITION_SQL.computeIfAbsent(event, EInvoices::buildTransitionSql);
    }

    /**
     * Locks the row held under the token in a status the event may leave (the sub-select, which also yields the
     * status before the change), applies the change, and returns the new row with the previous status.
     */
    private static String buildTransitionSql(EInvoiceLifecycle.Event event) {
        StringBuilder target = new StringBuilder("case status");
        for (EInvoiceStatus from : EInvoiceLifecycle.sources(event)) {
            // Wire names are the enum's own constants, never input.
            target.append(" when '").append(from.wireName()).append("' then '")
                    .append(EInvoiceLifecycle.next(from, event).wireName()).append('\'');
        }
        target.append(" end");
        // The NIC payload is left out: neither the event nor the answer shows it.
        String returned = (COLUMNS.replace("nic_payload,", "null as nic_payload,") + ", " + CANCEL_COLUMNS)
                .replaceAll("\\s+", " ").trim();
        return """
                update einvoice set status = held.next_status, attempts = attempts + :sending,
                    retry_count = retry_count + :retryIncrement,
                    next_retry_at = case when held.next_status in ('pending', 'queued', 'failed_retriable')
                        then coalesce(:nextRetryAt, lease_until, :now) else null end,
                    outcome_unknown = :outcomeUnknown,
                    error_code = :errorCode, error_message = :errorMessage,
                    upstream_code = :upstreamCode, upstream_message = :upstreamMessage,
                    irn = coalesce(:irn, irn), ack_number = coalesce(:ackNumber, ack_number),
                    ack_date = coalesce(:ackDate, ack_date), signed_invoice = coalesce(:signedInvoice, signed_invoice),
                    signed_qr_code = coalesce(:signedQrCode, signed_qr_code),
                    generated_at = coalesce(:generatedAt, generated_at), irp = coalesce(:irp, irp),
                    lease_owner = case when :release then null else lease_owner end,
                    lease_until = case when :release then null else lease_until end,
                    updated_at = :now
                from (select id as held_id, status as previous_status, %s as next_status from einvoice
                      where id = :id and lease_owner = :token and status in (:from) for update) held
                where id = held.held_id
                returning held.previous_status, %s""".formatted(target, returned);
    }

    /** Writes the audit rows of one change with one statement; the outbox event of the last one is up to the caller. */
    private void recordSteps(String id, String organizationId, List<Step> steps, int attempt, Instant at) {
        StringBuilder sql = new StringBuilder("""
                insert into einvoice_event (einvoice_id, organization_id, at, from_status, to_status, attempt,
                    upstream_code, upstream_message, note) values """);
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("id", id);
        statement.put("org", organizationId);
        statement.put("at", timestamp(at));
        statement.put("attempt", attempt);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            sql.append(i == 0 ? "" : ", ").append("(:id, :org, :at, :from").append(i).append(", :to").append(i)
                    .append(", :attempt, :upstreamCode").append(i).append(", :upstreamMessage").append(i).append(", :note")
                    .append(i).append(')');
            statement.put("from" + i, step.from() == null ? null : step.from().wireName());
            statement.put("to" + i, step.to().wireName());
            statement.put("upstreamCode" + i, step.upstreamCode());
            statement.put("upstreamMessage" + i, step.upstreamMessage());
            statement.put("note" + i, step.note());
        }
        jdbc.sql(sql.toString()).params(statement).update();
    }

    /**
     * The first attempt is still waiting for the IRP when the API answers: show the row as
     * {@code queued} (sent, awaiting the acknowledgement). The attempt's outcome counts the attempt.
     */
    @Transactional
    public void markInFlight(String id, String token, Instant now) {
        EInvoiceStatus sent = EInvoiceLifecycle.next(EInvoiceStatus.PENDING, EInvoiceLifecycle.Event.SENT);
        jdbc.sql("""
                select organization_id, attempts from einvoice
                where id = :id and lease_owner = :token and status = :from for update""")
                .param("id", id).param("token", token).param("from", EInvoiceStatus.PENDING.wireName())
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)})
                .optional()
                .ifPresent(row -> {
                    jdbc.sql("update einvoice set status = :status, updated_at = :now where id = :id")
                            .param("id", id).param("status", sent.wireName()).param("now", timestamp(now)).update();
                    recordEvent(id, (String) row[0], EInvoiceStatus.PENDING, sent, (int) row[1] + 1,
                            null, null, "sent to IRP", now);
                });
    }

    /** Replaces the document of a row the IRP never registered (failed_terminal) with a corrected one. */
    @Transactional
    public boolean resubmit(EInvoice corrected, String token, Instant leaseUntil, Instant now) {
        EInvoiceStatus to = EInvoiceLifecycle.next(EInvoiceStatus.FAILED_TERMINAL, EInvoiceLifecycle.Event.RESUBMITTED);
        int updated = jdbc.sql("""
                update einvoice set status = :to, client_id = :clientId, supply_type = :supplyType,
                    buyer_gstin = :buyerGstin, invoice_number = :invoiceNumber, invoice_date = :invoiceDate,
                    total_invoice_value = :total, nic_payload = :nicPayload, payload_hash = :payloadHash,
                    warnings = :warnings, error_code = null, error_message = null, upstream_code = null,
                    upstream_message = null, retry_count = 0, next_retry_at = :leaseUntil, outcome_unknown = false,
                    lease_owner = :owner, lease_until = :leaseUntil, updated_at = :now, give_up_clock_from = :now
                where id = :id and status in (:from) and irn is null""")
                .param("to", to.wireName())
                .param("from", EInvoiceLifecycle.sourceWireNames(EInvoiceLifecycle.Event.RESUBMITTED))
                .param("id", corrected.id()).param("clientId", corrected.clientId())
                .param("supplyType", corrected.supplyType()).param("buyerGstin", corrected.buyerGstin())
                .param("invoiceNumber", corrected.invoiceNumber()).param("invoiceDate", corrected.invoiceDate())
                .param("total", corrected.totalInvoiceValue()).param("nicPayload", corrected.nicPayload())
                .param("payloadHash", corrected.payloadHash()).param("warnings", corrected.warnings())
                .param("owner", token).param("leaseUntil", timestamp(leaseUntil)).param("now", timestamp(now))
                .update();
        if (updated == 1) {
            recordEvent(corrected.id(), corrected.organizationId(), EInvoiceStatus.FAILED_TERMINAL, to,
                    corrected.attempts(), null, null, "resubmitted with corrected data", now);
        }
        return updated == 1;
    }

    /** {@link #COLUMNS} without the NIC payload, which no API view shows (it is read as null). */
    public static final String VIEW_COLUMNS = COLUMNS.replace("nic_payload,", "null as nic_payload,");

    private static final String READ_VIEW = "select " + VIEW_COLUMNS + ", " + CANCEL_COLUMNS + " from einvoice where id = :id and organization_id = :org and environment = :env";
    private static final String READ_STATUS = READ_VIEW.replace("signed_invoice, signed_qr_code,",
            "null as signed_invoice, null as signed_qr_code,");

    /** A row as an API read shows it, with its cancel bookkeeping, read in one statement. */
    public record Stored(EInvoice invoice, CancelState cancel) {
    }

    /**
     * The caller-scoped read behind {@code GET /v1/einvoices/{id}} and its status: one statement with
     * the cancel bookkeeping, without the NIC payload (never shown) and, for the status, without the
     * signed payloads either, so that the several KB of TOASTed text a read does not show are not fetched.
     */
    public Optional<Stored> findForRead(String organizationId, String environment, String id, boolean signedPayloads) {
        return jdbc.sql(signedPayloads ? READ_VIEW : READ_STATUS)
                .param("id", id).param("org", organizationId).param("env", environment)
                .query((rs, n) -> new Stored(map(rs, n), mapCancelState(rs, n))).optional();
    }

    /**
     * What {@code GET /v1/einvoices/{id}} shows, in one statement: the row without the NIC payload and with its
     * signed payloads as their stored bytes (not decoded into the row), its cancel bookkeeping and its latest e-way bill.
     */
    public record ForView(EInvoice invoice, CancelState cancel, LinkedEwayBill ewayBill, byte[] signedQrCode,
                          byte[] signedInvoice) {
    }

    private static final String READ_FOR_VIEW = "select " + READ_STATUS.substring("select ".length(),
            READ_STATUS.indexOf(" from einvoice")) + """
            , signed_qr_code as raw_signed_qr_code, signed_invoice as raw_signed_invoice,
              ewb.* from einvoice left join lateral (
                select b.id as ewb_id, b.status as ewb_status, b.ewb_number as ewb_number, b.ewb_date as ewb_date,
                    b.valid_until as ewb_valid_until, b.error_code as ewb_error_code, b.error_message as ewb_error_message,
                    b.upstream_code as ewb_upstream_code
                from ewaybill b where b.einvoice_id = einvoice.id order by b.id desc limit 1) ewb on true
            where\s""";

    public Optional<ForView> findForView(String organizationId, String environment, String id) {
        return findForView(jdbc.sql(READ_FOR_VIEW + "id = :id and organization_id = :org and environment = :env")
                .param("id", id).param("org", organizationId).param("env", environment));
    }

    /** As {@link #findForView}, by IRN (index einvoice_irn). */
    public Optional<ForView> findForViewByIrn(String organizationId, String environment, String irn) {
        return findForView(jdbc.sql(READ_FOR_VIEW + "irn = :irn and organization_id = :org and environment = :env")
                .param("irn", irn == null ? null : irn.toLowerCase(java.util.Locale.ROOT))
                .param("org", organizationId).param("env", environment));
    }

    private Optional<ForView> findForView(JdbcClient.StatementSpec statement) {
        return statement
                .query((rs, n) -> new ForView(map(rs, n), mapCancelState(rs, n),
                        rs.getString("ewb_id") == null ? null : new LinkedEwayBill(rs.getString("ewb_id"),
                                rs.getString("ewb_status"), rs.getObject("ewb_number") == null ? null : rs.getLong("ewb_number"),
                                instant(rs, "ewb_date"), instant(rs, "ewb_valid_until"), rs.getString("ewb_error_code"),
                                rs.getString("ewb_error_message"), rs.getString("ewb_upstream_code")),
                        rs.getBytes("raw_signed_qr_code"), rs.getBytes("raw_signed_invoice")))
                .optional();
    }

    public Optional<CancelState> findCancelState(String id) {
        return jdbc.sql("select " + CANCEL_COLUMNS + " from einvoice where id = :id").param("id", id)
                .query(EInvoices::mapCancelState).optional();
    }

    public List<EInvoiceEvent> events(String id) {
        return jdbc.sql("""
                select at, from_status, to_status, attempt, upstream_code, upstream_message, note
                from einvoice_event where einvoice_id = :id order by id""")
                .param("id", id)
                .query((rs, n) -> new EInvoiceEvent(rs.getTimestamp("at").toInstant(), rs.getString("from_status"),
                        rs.getString("to_status"), rs.getInt("attempt"), rs.getString("upstream_code"),
                        rs.getString("upstream_message"), rs.getString("note")))
                .list();
    }

    public void recordEvent(String id, String organizationId, EInvoiceStatus from, EInvoiceStatus to, int attempt,
            String upstreamCode, String upstreamMessage, String note, Instant at) {
        jdbc.sql("""
                insert into einvoice_event (einvoice_id, organization_id, at, from_status, to_status, attempt,
                    upstream_code, upstream_message, note)
                values (:id, :org, :at, :from, :to, :attempt, :upstreamCode, :upstreamMessage, :note)""")
                .param("id", id).param("org", organizationId).param("at", timestamp(at))
                .param("from", from == null ? null : from.wireName()).param("to", to.wireName())
                .param("attempt", attempt).param("upstreamCode", upstreamCode)
                .param("upstreamMessage", upstreamMessage).param("note", note)
                .update();
        // Every status change passes here, in its own transaction: the outbox event commits with it.
        events.statusChanged(id, from, to, attempt, at);
    }

    /** The latest e-way bill made for an e-invoice, as its view shows it. */
    public record LinkedEwayBill(String id, String status, Long ewbNumber, Instant ewbDate, Instant validUntil,
                                 String errorCode, String errorMessage, String upstreamCode) {
    }

    public Optional<LinkedEwayBill> linkedEwayBill(String id) {
        return jdbc.sql("""
                select id, status, ewb_number, ewb_date, valid_until, error_code, error_message, upstream_code
                from ewaybill where einvoice_id = :id order by id desc limit 1""")
                .param("id", id)
                .query((rs, n) -> new LinkedEwayBill(rs.getString(1), rs.getString(2),
                        rs.getObject(3) == null ? null : rs.getLong(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getString(7), rs.getString(8)))
                .optional();
    }

    public static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public static EInvoice map(ResultSet rs, int row) throws SQLException {
        return new EInvoice(
                rs.getString("id"), rs.getString("organization_id"), rs.getString("environment"), rs.getString("client_id"),
                EInvoiceStatus.fromWireName(rs.getString("status")), rs.getString("supply_type"),
                rs.getString("seller_gstin"), rs.getString("buyer_gstin"), rs.getString("document_type"),
                rs.getString("invoice_number"), rs.getDate("invoice_date").toLocalDate(), rs.getString("financial_year"),
                rs.getBigDecimal("total_invoice_value"), rs.getString("expected_irn"), rs.getString("nic_payload"),
                rs.getString("payload_hash"), rs.getString("warnings"), rs.getString("irn"), rs.getString("ack_number"),
                instant(rs, "ack_date"), rs.getString("signed_invoice"), rs.getString("signed_qr_code"),
                instant(rs, "generated_at"), rs.getString("error_code"), rs.getString("error_message"),
                rs.getString("upstream_code"), rs.getString("upstream_message"), rs.getInt("attempts"),
                rs.getInt("retry_count"), instant(rs, "next_retry_at"), rs.getBoolean("outcome_unknown"),
                instant(rs, "cancelled_at"), rs.getString("cancel_reason_code"), rs.getString("cancellation_reason"),
                instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getTimestamp("give_up_clock_from") == null ? instant(rs, "created_at") : instant(rs, "give_up_clock_from"),
                rs.getString("irp"));
    }

    public static CancelState mapCancelState(ResultSet rs, int row) throws SQLException {
        return new CancelState(instant(rs, "cancel_requested_at"), rs.getString("cancel_request_reason"),
                rs.getString("cancel_request_remarks"), instant(rs, "cancel_next_attempt_at"), rs.getInt("cancel_attempts"),
                rs.getString("cancel_error_code"), rs.getString("cancel_error_message"));
    }
}
