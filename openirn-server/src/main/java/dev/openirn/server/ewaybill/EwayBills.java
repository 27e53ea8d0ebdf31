package dev.openirn.server.ewaybill;

import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The e-way bill rows and their append-only history. Every status change goes through {@link #move}. */
@Repository
public class EwayBills {

    static final String COLUMNS = """
            id, organization_id, environment, client_id, status, channel, einvoice_id, irn, generator_gstin, supply_type,
            sub_supply_type, document_type, document_number, document_date, from_gstin, to_gstin, total_invoice_value,
            transport_mode, vehicle_number, transporter_id, distance_km, request, nic_payload, payload_hash, warnings,
            ewb_number, ewb_date, valid_until, cancelled_at, cancellation_reason, rejected_at, error_code, error_message,
            upstream_code, upstream_message, attempts, outcome_unknown, next_attempt_at, lease_owner, lease_until,
            created_at, updated_at""" + " ";

    private final JdbcClient jdbc;

    EwayBills(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new bill, leased to the request that will make its first attempt. */
    void insert(EwayBill bill, String leaseOwner, Instant leaseUntil) {
        EwayBillStatus received = EwayBillLifecycle.next(null, Event.RECEIVED);
        jdbc.sql("""
                insert into ewaybill (id, organization_id, environment, client_id, status, channel, einvoice_id, irn,
                    generator_gstin, supply_type, sub_supply_type, document_type, document_number, document_date,
                    from_gstin, to_gstin, total_invoice_value, transport_mode, vehicle_number, transporter_id, distance_km,
                    request, nic_payload, payload_hash, warnings, next_attempt_at, lease_owner, lease_until, created_at,
                    updated_at, outcome_unknown)
                values (:id, :org, :env, :clientId, :status, :channel, :eInvoiceId, :irn, :generator, :supplyType,
                    :subSupplyType, :documentType, :documentNumber, :documentDate, :fromGstin, :toGstin, :total,
                    :mode, :vehicle, :transporter, :distance, :request, :nicPayload, :payloadHash, :warnings, :leaseUntil,
                    :leaseOwner, :leaseUntil, :createdAt, :createdAt, :readBackFirst)""")
                .param("id", bill.id()).param("org", bill.organizationId()).param("env", bill.environment())
                .param("clientId", bill.clientId()).param("status", received.wireName()).param("channel", bill.channel())
                .param("eInvoiceId", bill.eInvoiceId()).param("irn", bill.irn()).param("generator", bill.generatorGstin())
                .param("supplyType", bill.supplyType()).param("subSupplyType", bill.subSupplyType())
                .param("documentType", bill.documentType()).param("documentNumber", bill.documentNumber())
                .param("documentDate", bill.documentDate()).param("fromGstin", bill.fromGstin())
                .param("toGstin", bill.toGstin()).param("total", bill.totalInvoiceValue())
                .param("mode", bill.transportMode()).param("vehicle", bill.vehicleNumber())
                .param("transporter", bill.transporterId()).param("distance", bill.distanceKm())
                .param("request", bill.request()).param("nicPayload", bill.nicPayload())
                .param("payloadHash", bill.payloadHash()).param("warnings", bill.warnings())
                .param("leaseOwner", leaseOwner).param("leaseUntil", timestamp(leaseUntil))
                .param("createdAt", timestamp(bill.createdAt())).param("readBackFirst", bill.outcomeUnknown())
                .update();
        appendStatus(bill.id(), null, received, "received", bill.createdAt());
    }

    Optional<EwayBill> get(String id) {
        return jdbc.sql("select " + COLUMNS + " from ewaybill where id = :id").param("id", id).query(EwayBills::map).optional();
    }

    /** The bill {@code id} if it belongs to the tenant's environment; another tenant's id is simply not found. */
    public Optional<EwayBill> find(String organizationId, String environment, String id) {
        return jdbc.sql("select " + COLUMNS + " from ewaybill where id = :id and organization_id = :org and environment = :env")
                .param("id", id).param("org", organizationId).param("env", environment).query(EwayBills::map).optional();
    }

    Optional<EwayBill> findByEwbNumber(String organizationId, String environment, long ewbNumber) {
        return jdbc.sql("select " + COLUMNS + """
                 from ewaybill where organization_id = :org and environment = :env and ewb_number = :number
                 order by id desc limit 1""")
                .param("org", organizationId).param("env", environment).param("number", ewbNumber)
                .query(EwayBills::map).optional();
    }

    /** The bill that holds this document now (not cancelled, rejected or never generated), if any. */
    Optional<EwayBill> findLiveByDocument(String organizationId, String environment, String generatorGstin,
            String documentType, String documentNumber) {
        return jdbc.sql("select " + COLUMNS + """
                 from ewaybill where organization_id = :org and environment = :env and generator_gstin = :gstin
                 and document_type = :type and upper(document_number) = upper(:number)
                 and status not in ('cancelled', 'rejected', 'failed_terminal')""")
                .param("org", organizationId).param("env", environment).param("gstin", generatorGstin)
                .param("type", documentType).param("number", documentNumber).query(EwayBills::map).optional();
    }

    /** The newest bill for this document that NIC never generated, which a new request may take over. */
    Optional<EwayBill> findFailedByDocument(String organizationId, String environment, String generatorGstin,
            String documentType, String documentNumber) {
        return jdbc.sql("select " + COLUMNS + """
                 from ewaybill where organization_id = :org and environment = :env and generator_gstin = :gstin
                 and document_type = :type and upper(document_number) = upper(:number) and status = 'failed_terminal'
                 and ewb_number is null order by id desc limit 1""")
                .param("org", organizationId).param("env", environment).param("gstin", generatorGstin)
                .param("type", documentType).param("number", documentNumber).query(EwayBills::map).optional();
    }

    /** The newest bill made for an e-invoice, whatever its status. */
    public Optional<EwayBill> latestForEInvoice(String eInvoiceId) {
        return jdbc.sql("select " + COLUMNS + " from ewaybill where einvoice_id = :id order by id desc limit 1")
                .param("id", eInvoiceId).query(EwayBills::map).optional();
    }

    /**
     * Moves the bill on {@code event} if it is still in one of the event's source statuses (and, when
     * {@code leaseOwner} is given, still leased to it), setting {@code columns} alongside and recording the
     * change in its history. False when the row had moved on: the caller lost a race and writes nothing.
     */
    boolean move(String id, String leaseOwner, Event event, Map<String, Object> columns, String note, Instant now) {
        Optional<EwayBillStatus> current = jdbc.sql("select status from ewaybill where id = :id for update")
                .param("id", id).query((rs, n) -> EwayBillStatus.fromWireName(rs.getString(1))).optional();
        if (current.isEmpty() || !EwayBillLifecycle.sources(event).contains(current.get())) {
            return false;
        }
        EwayBillStatus to = EwayBillLifecycle.next(current.get(), event);
        Map<String, Object> sets = new LinkedHashMap<>(columns);
        sets.put("status", to.wireName());
        sets.put("updated_at", now);
        StringBuilder sql = new StringBuilder("update ewaybill set ");
        int index = 0;
        for (String column : sets.keySet()) {
            sql.append(index == 0 ? "" : ", ").append(column).append(" = :p").append(index++);
        }
        sql.append(" where id = :id");
        if (leaseOwner != null) {
            sql.append(" and lease_owner = :leaseOwner");
        }
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString()).param("id", id);
        if (leaseOwner != null) {
            statement = statement.param("leaseOwner", leaseOwner);
        }
        index = 0;
        for (Object value : sets.values()) {
            statement = statement.param("p" + index++, value instanceof Instant instant ? timestamp(instant) : value);
        }
        if (statement.update() == 0) {
            return false;
        }
        if (to != current.get()) {
            appendStatus(id, current.get(), to, note, now);
        }
        return true;
    }

    /** Leases up to {@code limit} bills whose next attempt is due and that nobody holds. */
    List<String> leaseDue(Instant now, String owner, Instant until, int limit) {
        return jdbc.sql("""
                update ewaybill set lease_owner = :owner, lease_until = :until
                where id in (select id from ewaybill where status in ('pending', 'queued', 'failed_retriable')
                    and next_attempt_at <= :now and (lease_until is null or lease_until <= :now)
                    order by next_attempt_at limit :limit for update skip locked)
                returning id""")
                .param("owner", owner).param("until", timestamp(until)).param("now", timestamp(now)).param("limit", limit)
                .query((rs, n) -> rs.getString(1)).list();
    }

    /** Takes the lease of one bill that is waiting for NIC and not held by anyone (or held by a lease that ran out). */
    boolean lease(String id, String owner, Instant until, Instant now) {
        return jdbc.sql("""
                update ewaybill set lease_owner = :owner, lease_until = :until
                where id = :id and (lease_until is null or lease_until <= :now or lease_owner = :owner)""")
                .param("id", id).param("owner", owner).param("until", timestamp(until)).param("now", timestamp(now))
                .update() == 1;
    }

    void release(String id, String owner) {
        jdbc.sql("update ewaybill set lease_owner = null, lease_until = null where id = :id and lease_owner = :owner")
                .param("id", id).param("owner", owner).update();
    }

    /** Generated bills whose validity ran out before {@code now}. */
    List<String> expiredBefore(Instant now, int limit) {
        return jdbc.sql("""
                select id from ewaybill where status = 'generated' and valid_until is not null and valid_until < :now
                order by valid_until limit :limit""")
                .param("now", timestamp(now)).param("limit", limit).query((rs, n) -> rs.getString(1)).list();
    }

    void appendStatus(String id, EwayBillStatus from, EwayBillStatus to, String note, Instant at) {
        jdbc.sql("""
                insert into ewaybill_event (ewaybill_id, at, kind, from_status, to_status, note)
                values (:id, :at, 'status', :from, :to, :note)""")
                .param("id", id).param("at", timestamp(at)).param("from", from == null ? null : from.wireName())
                .param("to", to.wireName()).param("note", note).update();
    }

    void append(String id, EwayBillHistoryEntry entry, Instant at) {
        jdbc.sql("""
                insert into ewaybill_event (ewaybill_id, at, kind, vehicle_number, transport_mode,
                    transport_document_number, transport_document_date, from_place, from_state_code, reason_code, remark,
                    transporter_id, valid_until, note)
                values (:id, :at, :kind, :vehicle, :mode, :docNo, :docDate, :fromPlace, :fromState, :reason, :remark,
                    :transporter, :validUntil, :note)""")
                .param("id", id).param("at", timestamp(at)).param("kind", entry.kind())
                .param("vehicle", entry.vehicleNumber()).param("mode", entry.transportMode())
                .param("docNo", entry.transportDocumentNumber()).param("docDate", entry.transportDocumentDate())
                .param("fromPlace", entry.fromPlace()).param("fromState", entry.fromStateCode())
                .param("reason", entry.reasonCode()).param("remark", entry.remark())
                .param("transporter", entry.transporterId()).param("validUntil", timestamp(entry.validUntil()))
                .param("note", entry.note()).update();
    }

    public List<EwayBillHistoryEntry> history(String id) {
        return jdbc.sql("""
                select id, at, kind, from_status, to_status, vehicle_number, transport_mode, transport_document_number,
                    transport_document_date, from_place, from_state_code, reason_code, remark, transporter_id, valid_until, note,
                    state
                from ewaybill_event where ewaybill_id = :id order by id""")
                .param("id", id)
                .query((rs, n) -> new EwayBillHistoryEntry(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), date(rs, 9), rs.getString(10),
                        (Integer) rs.getObject(11), rs.getString(12), rs.getString(13), rs.getString(14), instant(rs, 15),
                        rs.getString(16), rs.getString(17)))
                .list();
    }

    // --- actions: changes to a generated bill, stored before NIC hears of them ------------------------------------

    private static final String ACTION_COLUMNS = """
            e.id, b.id as bill_id, e.kind, e.at, e.state, e.vehicle_number, e.transport_mode, e.transport_document_number,
            e.transport_document_date, e.from_place, e.from_state_code, e.reason_code, e.remark, e.transporter_id,
            e.nic_request, e.acting_gstin, e.attempts, e.outcome_unknown, e.vehicles_before, e.valid_until_before,
            e.error_code, e.upstream_code, e.upstream_message, b.next_attempt_at""" + " ";

    /** The bill's pending action, if it has one. */
    Optional<EwayBillAction> pendingAction(String billId) {
        return jdbc.sql("select " + ACTION_COLUMNS + """
                 from ewaybill b join ewaybill_event e on e.id = b.pending_action where b.id = :id""")
                .param("id", billId).query(EwayBills::action).optional();
    }

    /** The bill, its row locked until the transaction ends (storing an action decides on what it reads). */
    Optional<EwayBill> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from ewaybill where id = :id for update").param("id", id)
                .query(EwayBills::map).optional();
    }

    /**
     * Writes {@code action} into the bill's history as pending and makes it the bill's pending action, leased to
     * the request that makes its first attempt; the worker takes it from {@code leaseUntil} if that attempt never
     * ends. Runs inside the caller's transaction, after {@link #lock}.
     */
    long storeAction(String billId, EwayBillAction action, String leaseOwner, Instant leaseUntil, Instant now) {
        long actionId = jdbc.sql("""
                insert into ewaybill_event (ewaybill_id, at, kind, state, vehicle_number, transport_mode,
                    transport_document_number, transport_document_date, from_place, from_state_code, reason_code, remark,
                    transporter_id, nic_request, acting_gstin, vehicles_before, valid_until_before, note)
                values (:id, :at, :kind, 'pending', :vehicle, :mode, :docNo, :docDate, :fromPlace, :fromState, :reason,
                    :remark, :transporter, :nicRequest, :acting, :vehiclesBefore, :validUntilBefore, 'requested')
                returning id""")
                .param("id", billId).param("at", timestamp(now)).param("kind", action.kind())
                .param("vehicle", action.vehicleNumber()).param("mode", action.transportMode())
                .param("docNo", action.transportDocumentNumber()).param("docDate", action.transportDocumentDate())
                .param("fromPlace", action.fromPlace()).param("fromState", action.fromStateCode())
                .param("reason", action.reasonCode()).param("remark", action.remark())
                .param("transporter", action.transporterId()).param("nicRequest", action.nicRequest())
                .param("acting", action.actingGstin()).param("vehiclesBefore", action.vehiclesBefore())
                .param("validUntilBefore", timestamp(action.validUntilBefore()))
                .query((rs, n) -> rs.getLong(1)).single();
        jdbc.sql("""
                update ewaybill set pending_action = :action, lease_owner = :owner, lease_until = :until,
                    next_attempt_at = :until, updated_at = :now
                where id = :id""")
                .param("action", actionId).param("owner", leaseOwner).param("until", timestamp(leaseUntil))
                .param("now", timestamp(now)).param("id", billId).update();
        return actionId;
    }

    /** Leases up to {@code limit} bills whose pending action is due and that nobody holds. */
    List<String> leaseDueActions(Instant now, String owner, Instant until, int limit) {
        return jdbc.sql("""
                update ewaybill set lease_owner = :owner, lease_until = :until
                where id in (select id from ewaybill where pending_action is not null
                    and next_attempt_at <= :now and (lease_until is null or lease_until <= :now)
                    order by next_attempt_at limit :limit for update skip locked)
                returning id""")
                .param("owner", owner).param("until", timestamp(until)).param("now", timestamp(now)).param("limit", limit)
                .query((rs, n) -> rs.getString(1)).list();
    }

    /** Recorded before each send: from here until NIC's answer is recorded, the action may or may not have been made. */
    boolean actionSent(String billId, long actionId, String lease, int attempts) {
        return jdbc.sql("""
                update ewaybill_event set attempts = :attempts, outcome_unknown = true
                where id = :action and state = 'pending'
                and exists (select 1 from ewaybill where id = :bill and pending_action = :action and lease_owner = :lease)""")
                .param("attempts", attempts).param("action", actionId).param("bill", billId).param("lease", lease)
                .update() == 1;
    }

    /**
     * Ends the pending action ({@code done} or {@code failed}) if {@code lease} still holds the bill; false when it
     * does not (another attempt took over and records the outcome). Within the caller's transaction.
     */
    boolean settleAction(String billId, long actionId, String lease, String state, Instant validUntil, String errorCode,
            String upstreamCode, String upstreamMessage, String note, Instant now) {
        int released = jdbc.sql("""
                update ewaybill set pending_action = null, lease_owner = null, lease_until = null, next_attempt_at = null,
                    updated_at = :now
                where id = :bill and pending_action = :action and lease_owner = :lease""")
                .param("now", timestamp(now)).param("bill", billId).param("action", actionId).param("lease", lease).update();
        if (released == 0) {
            return false;
        }
        jdbc.sql("""
                update ewaybill_event set state = :state, completed_at = :now, outcome_unknown = false,
                    valid_until = coalesce(:validUntil, valid_until), error_code = :errorCode, upstream_code = :upstreamCode,
                    upstream_message = :upstreamMessage, note = :note
                where id = :action""")
                .param("state", state).param("now", timestamp(now)).param("validUntil", timestamp(validUntil))
                .param("errorCode", errorCode).param("upstreamCode", upstreamCode).param("upstreamMessage", upstreamMessage)
                .param("note", note).param("action", actionId).update();
        return true;
    }

    /** NIC could not be asked or did not answer: the worker tries again at {@code next}. */
    void actionRetryLater(String billId, long actionId, String lease, boolean outcomeUnknown, String errorCode,
            String message, Instant next) {
        int released = jdbc.sql("""
                update ewaybill set lease_owner = null, lease_until = null, next_attempt_at = :next
                where id = :bill and pending_action = :action and lease_owner = :lease""")
                .param("next", timestamp(next)).param("bill", billId).param("action", actionId).param("lease", lease)
                .update();
        if (released == 1) {
            jdbc.sql("""
                    update ewaybill_event set outcome_unknown = :unknown, error_code = :errorCode, upstream_message = :message
                    where id = :action""")
                    .param("unknown", outcomeUnknown).param("errorCode", errorCode).param("message", message)
                    .param("action", actionId).update();
        }
    }

    /** Hands a bill's pending action to the worker at once (its first attempt found no thread to run on). */
    void releaseAction(String billId, String lease, Instant now) {
        jdbc.sql("update ewaybill set lease_owner = null, lease_until = null, next_attempt_at = :now where id = :id and lease_owner = :lease")
                .param("now", timestamp(now)).param("id", billId).param("lease", lease).update();
    }

    private static EwayBillAction action(ResultSet rs, int row) throws SQLException {
        return new EwayBillAction(rs.getLong("id"), rs.getString("bill_id"), rs.getString("kind"), instant(rs, "at"),
                rs.getString("state"), rs.getString("vehicle_number"), rs.getString("transport_mode"),
                rs.getString("transport_document_number"), date(rs, "transport_document_date"), rs.getString("from_place"),
                (Integer) rs.getObject("from_state_code"), rs.getString("reason_code"), rs.getString("remark"),
                rs.getString("transporter_id"), rs.getString("nic_request"), rs.getString("acting_gstin"),
                rs.getInt("attempts"), rs.getBoolean("outcome_unknown"), (Integer) rs.getObject("vehicles_before"),
                instant(rs, "valid_until_before"), rs.getString("error_code"), rs.getString("upstream_code"),
                rs.getString("upstream_message"), instant(rs, "next_attempt_at"));
    }

    /** Keeps what an e-invoice asked for its e-way bill leg, the first time it is asked. */
    void rememberEwayBillRequest(String eInvoiceId, String ewayBillDetails) {
        jdbc.sql("update einvoice set eway_bill_request = :request where id = :id and eway_bill_request is null")
                .param("id", eInvoiceId).param("request", ewayBillDetails).update();
    }

    void forgetEwayBillRequest(String eInvoiceId) {
        jdbc.sql("update einvoice set eway_bill_request = null where id = :id").param("id", eInvoiceId).update();
    }

    Optional<String> ewayBillRequest(String eInvoiceId) {
        return jdbc.sql("select eway_bill_request from einvoice where id = :id").param("id", eInvoiceId)
                .query((rs, n) -> rs.getString(1)).optional().filter(java.util.Objects::nonNull);
    }

    /** Generated e-invoices whose e-way bill leg has no bill yet (queued when asked, or interrupted by a crash). */
    record PendingLink(String eInvoiceId, String organizationId, String environment, String clientId) {
    }

    List<PendingLink> eInvoicesAwaitingTheirBill(int limit) {
        return jdbc.sql("""
                select e.id, e.organization_id, e.environment, e.client_id from einvoice e
                where e.eway_bill_request is not null and e.status = 'generated'
                and not exists (select 1 from ewaybill b where b.einvoice_id = e.id)
                order by e.id limit :limit""")
                .param("limit", limit)
                .query((rs, n) -> new PendingLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    static EwayBill map(ResultSet rs, int row) throws SQLException {
        long ewb = rs.getLong("ewb_number");
        Long ewbNumber = rs.wasNull() ? null : ewb;
        return new EwayBill(rs.getString("id"), rs.getString("organization_id"), rs.getString("environment"),
                rs.getString("client_id"), EwayBillStatus.fromWireName(rs.getString("status")), rs.getString("channel"),
                rs.getString("einvoice_id"), rs.getString("irn"), rs.getString("generator_gstin"),
                rs.getString("supply_type"), rs.getString("sub_supply_type"), rs.getString("document_type"),
                rs.getString("document_number"), date(rs, "document_date"), rs.getString("from_gstin"),
                rs.getString("to_gstin"), rs.getBigDecimal("total_invoice_value"), rs.getString("transport_mode"),
                rs.getString("vehicle_number"), rs.getString("transporter_id"), (Integer) rs.getObject("distance_km"),
                rs.getString("request"), rs.getString("nic_payload"), rs.getString("payload_hash"),
                rs.getString("warnings"), ewbNumber, instant(rs, "ewb_date"), instant(rs, "valid_until"),
                instant(rs, "cancelled_at"), rs.getString("cancellation_reason"), instant(rs, "rejected_at"),
                rs.getString("error_code"), rs.getString("error_message"), rs.getString("upstream_code"),
                rs.getString("upstream_message"), rs.getInt("attempts"), rs.getBoolean("outcome_unknown"),
                instant(rs, "next_attempt_at"), rs.getString("lease_owner"), instant(rs, "lease_until"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        java.sql.Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        java.sql.Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
