package dev.openirn.server.ewaybill;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.EwbAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import dev.openirn.server.web.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The changes to a generated bill (Part-B, validity, transporter, cancel, reject). Each is checked before NIC
 * sees it, sent through the e-way bill system, and on success recorded with a new history entry; nothing on the
 * row is overwritten without its previous value staying in the history. NIC's refusals become clear 4xx/409s.
 */
@Service
public class EwayBillActions {

    static final Set<String> PART_B_REASONS = Set.of("1", "2", "3", "4");
    static final Set<String> EXTEND_REASONS = Set.of("1", "2", "4", "5", "99");
    static final Set<String> CANCEL_REASONS = Set.of("1", "2", "3", "4");
    private static final Set<String> NOT_CANCELLABLE = Set.of("312", "315", "316", "728", "653");
    private static final Set<String> NOT_REJECTABLE = Set.of("343", "344", "345", "346", "347", "348");
    private static final Set<String> NOT_COUNTERPARTY = Set.of("341", "342");
    private static final Set<String> NOT_EXTENDABLE = Set.of("379", "380", "381", "382", "384", "637", "700", "821");
    private static final Set<String> PART_B_NOT_ALLOWED = Set.of("280", "311", "312", "412", "635", "636");
    private static final Set<String> TRANSPORTER_NOT_ALLOWED = Set.of("280", "281", "312", "338", "339");

    private final EwayBills bills;
    private final EwayBillViews views;
    private final EwayBillPortal portal;
    private final IrpCredentials credentials;
    private final RequestJson requestJson;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final EventOutbox outbox;
    private final Clock clock;

    EwayBillActions(EwayBills bills, EwayBillViews views, EwayBillPortal portal, IrpCredentials credentials,
            RequestJson requestJson, JsonMapper json, TransactionTemplate transactions, EventOutbox outbox, Clock clock) {
        this.bills = bills;
        this.views = views;
        this.portal = portal;
        this.credentials = credentials;
        this.requestJson = requestJson;
        this.json = json;
        this.transactions = transactions;
        this.outbox = outbox;
        this.clock = clock;
    }

    public EwayBillView updatePartB(Caller caller, String id, byte[] body) {
        EwayBill bill = generatedBill(caller, id, "ewaybill.not_updatable", "Part-B");
        JsonNode tree = tree(body);
        RequestFields fields = new RequestFields();
        String mode = fields.oneOf(tree, "", "transportMode", true, EwayBillRequests.TRANSPORT_MODES, "302");
        String vehicle = fields.vehicleNumber(tree, "", "vehicleNumber");
        String vehicleType = fields.oneOf(tree, "", "vehicleType", false, EwayBillRequests.VEHICLE_TYPES, "361");
        String documentNumber = fields.text(tree, "", "transportDocumentNumber", false, 15);
        LocalDate documentDate = fields.date(tree, "", "transportDocumentDate", false);
        String fromPlace = fields.text(tree, "", "fromPlace", true, 50);
        Integer fromState = fields.integer(tree, "", "fromStateCode", true, 1, 99, "306");
        String reason = fields.oneOf(tree, "", "reasonCode", true, PART_B_REASONS, "307");
        String remark = fields.text(tree, "", "reasonRemark", "3".equals(reason), 50);
        if ("1".equals(mode) && vehicle == null) {
            fields.error("vehicleNumber", "required", "Road transport needs a vehicleNumber.", "303");
        }
        if (mode != null && !"1".equals(mode) && (documentNumber == null || documentDate == null)) {
            fields.error("transportDocumentNumber", "required",
                    "Rail, air and ship need transportDocumentNumber and transportDocumentDate.", "394");
        }
        fields.throwIfInvalid();
        ObjectNode nic = json.createObjectNode().put("ewbNo", bill.ewbNumber()).put("vehicleNo", vehicle == null ? "" : vehicle)
                .put("fromPlace", fromPlace).put("fromState", fromState).put("reasonCode", reason)
                .put("reasonRem", remark == null ? "" : remark).put("transDocNo", documentNumber == null ? "" : documentNumber)
                .put("transDocDate", documentDate == null ? "" : EwayBillRequests.ddMmYyyy(documentDate))
                .put("transMode", mode).put("vehicleType", vehicle == null ? "" : vehicleType == null ? "R" : vehicleType);
        EwbAnswer answer = callAsTransporter(bill, login -> portal.updateVehicle(bill.environment(), login, bill.ewbNumber(),
                json.writeValueAsString(nic)), PART_B_NOT_ALLOWED, "ewaybill.not_updatable");
        Instant now = clock.instant();
        Map<String, Object> columns = new HashMap<>();
        columns.put("transport_mode", mode);
        columns.put("vehicle_number", vehicle);
        if (answer.validUntil() != null) {
            columns.put("valid_until", answer.validUntil());
        }
        return amend(bill, columns, EwayBillHistoryEntry.vehicle(vehicle, mode, documentNumber, documentDate, fromPlace,
                fromState, reason, remark, answer.validUntil()), "vehicle updated", now);
    }

    public EwayBillView extendValidity(Caller caller, String id, byte[] body) {
        EwayBill bill = bills.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-way bill " + id));
        if (bill.status() != EwayBillStatus.GENERATED && bill.status() != EwayBillStatus.EXPIRED) {
            throw notAllowed(bill, "ewaybill.not_extendable", "extended");
        }
        JsonNode tree = tree(body);
        RequestFields fields = new RequestFields();
        String vehicle = fields.vehicleNumber(tree, "", "vehicleNumber");
        String fromPlace = fields.text(tree, "", "fromPlace", true, 50);
        Integer fromState = fields.integer(tree, "", "fromStateCode", true, 1, 99, "306");
        Integer fromPincode = fields.integer(tree, "", "fromPincode", true, 100000, 999999, "421");
        String reason = fields.oneOf(tree, "", "reasonCode", true, EXTEND_REASONS, "307");
        String remark = fields.text(tree, "", "remark", true, 50);
        String consignment = fields.oneOf(tree, "", "consignmentStatus", false, Set.of("M", "T"), "711");
        Integer remaining = fields.integer(tree, "", "remainingDistanceKm", true, 1, 4000, "389");
        String mode = fields.oneOf(tree, "", "transportMode", false, EwayBillRequests.TRANSPORT_MODES, "302");
        String transitType = fields.oneOf(tree, "", "transitType", "T".equals(consignment), Set.of("R", "W", "O"), "705");
        if (("1".equals(mode) || mode == null) && !"T".equals(consignment) && vehicle == null) {
            fields.error("vehicleNumber", "required", "A bill in movement by road is extended with its vehicleNumber.", "303");
        }
        fields.throwIfInvalid();
        ObjectNode nic = json.createObjectNode().put("ewbNo", bill.ewbNumber()).put("vehicleNo", vehicle == null ? "" : vehicle)
                .put("fromPlace", fromPlace).put("fromState", fromState).put("fromPincode", fromPincode)
                .put("remainingDistance", remaining).put("transDocNo", "").put("transDocDate", "")
                .put("transMode", mode == null ? ("T".equals(consignment) ? "5" : "1") : mode)
                .put("extnRsnCode", reason).put("extnRemarks", remark)
                .put("consignmentStatus", consignment == null ? "M" : consignment)
                .put("transitType", transitType == null ? "" : transitType);
        EwbAnswer answer = callAsTransporter(bill, login -> portal.extendValidity(bill.environment(), login, bill.ewbNumber(),
                json.writeValueAsString(nic)), NOT_EXTENDABLE, "ewaybill.not_extendable");
        Map<String, Object> columns = new HashMap<>();
        columns.put("valid_until", answer.validUntil());
        if (vehicle != null) {
            columns.put("vehicle_number", vehicle);
        }
        return amend(bill, columns, EwayBillHistoryEntry.extension(vehicle, fromPlace, fromState, reason, remark,
                answer.validUntil()), "validity extended", clock.instant());
    }

    public EwayBillView updateTransporter(Caller caller, String id, byte[] body) {
        EwayBill bill = generatedBill(caller, id, "ewaybill.not_updatable", "handed to another transporter");
        RequestFields fields = new RequestFields();
        String transporterId = fields.gstin(tree(body), "", "transporterId", true, false);
        fields.throwIfInvalid();
        callAsTransporter(bill, login -> portal.updateTransporter(bill.environment(), login, bill.ewbNumber(), transporterId),
                TRANSPORTER_NOT_ALLOWED, "ewaybill.not_updatable");
        return amend(bill, Map.of("transporter_id", transporterId), EwayBillHistoryEntry.transporter(transporterId),
                "transporter updated", clock.instant());
    }

    public EwayBillView cancel(Caller caller, String id, byte[] body) {
        EwayBill bill = bills.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-way bill " + id));
        RequestFields fields = new RequestFields();
        JsonNode tree = tree(body);
        String reason = fields.oneOf(tree, "", "reasonCode", true, CANCEL_REASONS, "307");
        String remark = fields.text(tree, "", "remark", true, 100);
        fields.throwIfInvalid();
        return cancel(bill, Integer.parseInt(reason), remark);
    }

    /** Cancels a bill (also the first step of cancelling its e-invoice); a bill already cancelled is answered as it is. */
    public EwayBillView cancel(EwayBill bill, int reasonCode, String remark) {
        if (bill.status() == EwayBillStatus.CANCELLED) {
            return views.view(bill);
        }
        if (bill.status() != EwayBillStatus.GENERATED) {
            throw notAllowed(bill, "ewaybill.not_cancellable", "cancelled");
        }
        EwbAnswer answer = call(bill, login -> {
            EwbAnswer sent = portal.cancel(bill.environment(), login, bill.ewbNumber(), reasonCode, remark);
            if (sent.kind() == EwbAnswer.Kind.UNKNOWN || (sent.kind() == EwbAnswer.Kind.REFUSED && sent.hasCode("312"))) {
                // No answer, or "not yours or cancelled": the bill's status at NIC says whether our cancel was done.
                EwbAnswer read = portal.read(bill.environment(), login, bill.ewbNumber());
                if (read.ok() && "CNL".equals(read.status())) {
                    return read;
                }
                if (!read.ok()) {
                    // Unread, 312 may be our own earlier cancel whose answer was lost: the outcome is unknown, not refused.
                    return new EwbAnswer(EwbAnswer.Kind.UNKNOWN, 0, null, null, null, null, null, null, List.of(),
                            "cancel not confirmed: the bill could not be read back");
                }
            }
            return sent;
        }, NOT_CANCELLABLE, "ewaybill.not_cancellable");
        Instant now = clock.instant();
        Map<String, Object> columns = new HashMap<>();
        columns.put("cancelled_at", answer.at() == null ? now : answer.at());
        columns.put("cancellation_reason", remark);
        return finish(bill, Event.CANCELLED, columns, "cancelled: " + remark, EventType.EWAYBILL_CANCELLED, now);
    }

    public EwayBillView reject(Caller caller, String id, byte[] body) {
        EwayBill bill = generatedBill(caller, id, "ewaybill.not_rejectable", "rejected");
        RequestFields fields = new RequestFields();
        JsonNode tree = body == null || body.length == 0 ? json.createObjectNode() : tree(body);
        String actingGstin = fields.gstin(tree, "", "gstin", false, false);
        fields.throwIfInvalid();
        String counterparty = actingGstin != null ? actingGstin
                : bill.generatorGstin().equals(bill.fromGstin()) ? bill.toGstin() : bill.fromGstin();
        if (counterparty == null || "URP".equals(counterparty) || counterparty.equals(bill.generatorGstin())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "ewaybill.not_counterparty",
                    "Only the other party named on the bill may reject it, and " + bill.generatorGstin() + " generated it.",
                    List.of(ErrorDetail.of("gstin", "ewaybill.not_counterparty", "Name the other party's GSTIN.")), null, null);
        }
        IrpLogin login = login(bill, counterparty);
        EwbAnswer answer = translate(bill, send(() -> portal.reject(bill.environment(), login, bill.ewbNumber())),
                NOT_REJECTABLE, "ewaybill.not_rejectable");
        Instant now = clock.instant();
        return finish(bill, Event.REJECTED, Map.of("rejected_at", answer.at() == null ? now : answer.at()),
                "rejected by " + counterparty, EventType.EWAYBILL_REJECTED, now);
    }

    private EwayBillView amend(EwayBill bill, Map<String, Object> columns, EwayBillHistoryEntry entry, String note, Instant now) {
        transactions.executeWithoutResult(status -> {
            if (!bills.move(bill.id(), null, Event.AMENDED, columns, note, now)) {
                throw new ApiException(HttpStatus.CONFLICT, "ewaybill.changed", "The bill changed meanwhile; fetch it and retry.");
            }
            bills.append(bill.id(), entry, now);
            EwayBill stored = bills.get(bill.id()).orElseThrow();
            outbox.publish(stored.organizationId(), stored.environment(), EventType.EWAYBILL_UPDATED, stored.id(),
                    views.view(stored), now);
        });
        return views.view(bills.get(bill.id()).orElseThrow());
    }

    private EwayBillView finish(EwayBill bill, Event event, Map<String, Object> columns, String note, EventType type,
            Instant now) {
        transactions.executeWithoutResult(status -> {
            if (bills.move(bill.id(), null, event, columns, note, now)) {
                EwayBill stored = bills.get(bill.id()).orElseThrow();
                outbox.publish(stored.organizationId(), stored.environment(), type, stored.id(), views.view(stored), now);
            }
        });
        return views.view(bills.get(bill.id()).orElseThrow());
    }

    private EwayBill generatedBill(Caller caller, String id, String code, String what) {
        EwayBill bill = bills.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-way bill " + id));
        if (bill.status() != EwayBillStatus.GENERATED) {
            throw notAllowed(bill, code, what);
        }
        return bill;
    }

    private static ApiException notAllowed(EwayBill bill, String code, String what) {
        return new ApiException(HttpStatus.CONFLICT, code, "E-way bill " + bill.id() + " is " + bill.status().wireName()
                + " and cannot be " + what + ".", List.of(ErrorDetail.of("status", code, bill.status().wireName())), null, null);
    }

    private JsonNode tree(byte[] body) {
        JsonNode tree = body == null || body.length == 0 ? null : requestJson.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw ApiException.validation("The body must be a JSON object.",
                    List.of(ErrorDetail.of("body", "required", "Send a JSON object.")));
        }
        return tree;
    }

    private IrpLogin login(EwayBill bill, String gstin) {
        try {
            return credentials.forEwb(bill.organizationId(), bill.environment(), gstin);
        } catch (IrpCredentialsMissingException missing) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ewb_credentials.not_configured", missing.getMessage(),
                    List.of(ErrorDetail.of("gstin", "ewb_credentials.not_configured", gstin)), null, null);
        }
    }

    private EwbAnswer call(EwayBill bill, Function<IrpLogin, EwbAnswer> action, Set<String> refusedCodes, String refusedAs) {
        IrpLogin login = login(bill, bill.generatorGstin());
        return translate(bill, send(() -> action.apply(login)), refusedCodes, refusedAs);
    }

    /**
     * Part-B, extension and transporter changes belong to the bill's current transporter, or to the generator
     * while it has none: NIC refuses anyone else (636, 700, 339). The tenant signs in as that party.
     */
    private EwbAnswer callAsTransporter(EwayBill bill, Function<IrpLogin, EwbAnswer> action, Set<String> refusedCodes,
            String refusedAs) {
        String actor = bill.transporterId() == null ? bill.generatorGstin() : bill.transporterId();
        IrpLogin login = login(bill, actor);
        return translate(bill, send(() -> action.apply(login)), refusedCodes, refusedAs);
    }

    private static EwbAnswer send(java.util.function.Supplier<EwbAnswer> call) {
        try {
            return call.get();
        } catch (IrpUnavailableException unavailable) {
            return new EwbAnswer(EwbAnswer.Kind.UNAVAILABLE, 0, null, null, null, null, null, null, List.of(),
                    unavailable.getMessage());
        }
    }

    /** NIC's verdict as the API's: success passes through, everything else is an error naming NIC's code. */
    private static EwbAnswer translate(EwayBill bill, EwbAnswer answer, Set<String> refusedCodes, String refusedAs) {
        switch (answer.kind()) {
            case OK -> {
                return answer;
            }
            case REFUSED -> {
                Upstream upstream = Upstream.nic(answer.firstCode(), answer.firstMessage());
                List<ErrorDetail> details = List.of(new ErrorDetail("id", refusedAs, bill.id(), answer.firstCode()));
                if (NOT_COUNTERPARTY.stream().anyMatch(answer::hasCode)) {
                    throw new ApiException(HttpStatus.FORBIDDEN, "ewaybill.not_counterparty", answer.firstMessage(),
                            details, upstream, null);
                }
                if (refusedCodes.stream().anyMatch(answer::hasCode)) {
                    throw new ApiException(HttpStatus.CONFLICT, refusedAs, answer.firstMessage(), details, upstream, null);
                }
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ewaybill.rejected_by_nic", answer.firstMessage(),
                        details, upstream, null);
            }
            case AUTH_FAILED -> throw new ApiException(HttpStatus.BAD_GATEWAY, "ewb_credentials.invalid",
                    "NIC refused the e-way bill API user: " + answer.firstMessage(), List.of(),
                    Upstream.nic(answer.firstCode(), answer.firstMessage()), null);
            case UNAVAILABLE -> throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream.unavailable",
                    "The e-way bill system is not reachable now; nothing was changed. Retry later.", List.of(), null,
                    Duration.ofSeconds(30));
            default -> throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream.outcome_unknown",
                    "The e-way bill system did not answer; the change may or may not have been made. Fetch the bill and retry.",
                    List.of(), null, Duration.ofSeconds(30));
        }
    }
}
