package dev.openirn.server.ewaybill;

import dev.openirn.server.auth.Caller;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.retry.FirstAttempts;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The changes to a generated bill (Part-B, validity, transporter, cancel, reject). Each is checked before NIC sees
 * it, then written into the bill's history as a pending action before anything is sent, and given one attempt
 * within the sync deadline ({@link EwayBillActionAttempts}): 200 when NIC made it, NIC's refusal as a 4xx, or 202
 * with the action still pending when NIC could not be reached (the worker finishes it). Nothing on the row is
 * overwritten without its previous value staying in the history.
 */
@Service
public class EwayBillActions {

    static final Set<String> PART_B_REASONS = Set.of("1", "2", "3", "4");
    static final Set<String> EXTEND_REASONS = Set.of("1", "2", "4", "5", "99");
    static final Set<String> CANCEL_REASONS = Set.of("1", "2", "3", "4");

    private final EwayBills bills;
    private final EwayBillViews views;
    private final EwayBillActionAttempts attempts;
    private final IrpCredentials credentials;
    private final RequestJson requestJson;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final FirstAttempts firstAttempts;
    private final NodeIdentity node;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    EwayBillActions(EwayBills bills, EwayBillViews views, EwayBillActionAttempts attempts, IrpCredentials credentials,
            RequestJson requestJson, JsonMapper json, TransactionTemplate transactions,
            FirstAttempts firstAttempts, NodeIdentity node, RetryPolicy retryPolicy, Clock clock) {
        this.bills = bills;
        this.views = views;
        this.attempts = attempts;
        this.credentials = credentials;
        this.requestJson = requestJson;
        this.json = json;
        this.transactions = transactions;
        this.firstAttempts = firstAttempts;
        this.node = node;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    public EwayBillService.Outcome updatePartB(Caller caller, String id, byte[] body) {
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
        EwayBillAction action = EwayBillAction.asked(EwayBillAction.VEHICLE, vehicle, mode, documentNumber, documentDate,
                fromPlace, fromState, reason, remark, null, json.writeValueAsString(nic), transporterOrGenerator(bill),
                vehiclesKnown(bill), bill.validUntil());
        return request(bill, action, Set.of(EwayBillStatus.GENERATED), "ewaybill.not_updatable", "Part-B");
    }

    public EwayBillService.Outcome extendValidity(Caller caller, String id, byte[] body) {
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
        EwayBillAction action = EwayBillAction.asked(EwayBillAction.EXTENSION, vehicle, mode, null, null, fromPlace,
                fromState, reason, remark, null, json.writeValueAsString(nic), transporterOrGenerator(bill),
                vehiclesKnown(bill), bill.validUntil());
        return request(bill, action, Set.of(EwayBillStatus.GENERATED, EwayBillStatus.EXPIRED), "ewaybill.not_extendable",
                "extended");
    }

    public EwayBillService.Outcome updateTransporter(Caller caller, String id, byte[] body) {
        EwayBill bill = generatedBill(caller, id, "ewaybill.not_updatable", "handed to another transporter");
        RequestFields fields = new RequestFields();
        String transporterId = fields.gstin(tree(body), "", "transporterId", true, false);
        fields.throwIfInvalid();
        EwayBillAction action = EwayBillAction.asked(EwayBillAction.TRANSPORTER, null, null, null, null, null, null, null,
                null, transporterId, null, transporterOrGenerator(bill), null, null);
        return request(bill, action, Set.of(EwayBillStatus.GENERATED), "ewaybill.not_updatable",
                "handed to another transporter");
    }

    public EwayBillService.Outcome cancel(Caller caller, String id, byte[] body) {
        EwayBill bill = bills.find(caller.organizationId(), caller.environment().wireName(), id)
                .orElseThrow(() -> ApiException.notFound("E-way bill " + id));
        RequestFields fields = new RequestFields();
        JsonNode tree = tree(body);
        String reason = fields.oneOf(tree, "", "reasonCode", true, CANCEL_REASONS, "307");
        String remark = fields.text(tree, "", "remark", true, 100);
        fields.throwIfInvalid();
        return cancelling(bill, Integer.parseInt(reason), remark);
    }

    /**
     * Cancels a bill as the first step of cancelling its e-invoice; a bill already cancelled is answered as it is.
     * When NIC cannot be reached the cancel stays pending on the bill (the worker finishes it) and this answers 503,
     * so the caller does not go on as if the bill were cancelled; asking again finds it pending or cancelled.
     */
    public EwayBillView cancel(EwayBill bill, int reasonCode, String remark) {
        EwayBillService.Outcome outcome = cancelling(bill, reasonCode, remark);
        if (outcome.status() == HttpStatus.ACCEPTED) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "upstream.unavailable", "The e-way bill system is not "
                    + "reachable now; the cancel of e-way bill " + bill.id() + " is queued and completed in the background. "
                    + "Retry later.", List.of(ErrorDetail.of("ewayBillId", "ewaybill.action_pending", bill.id())), null,
                    Duration.ofSeconds(30));
        }
        return outcome.ewaybill();
    }

    private EwayBillService.Outcome cancelling(EwayBill bill, int reasonCode, String remark) {
        if (bill.status() == EwayBillStatus.CANCELLED) {
            return new EwayBillService.Outcome(HttpStatus.OK, views.view(bill));
        }
        if (bill.status() != EwayBillStatus.GENERATED) {
            throw notAllowed(bill, "ewaybill.not_cancellable", "cancelled");
        }
        EwayBillAction action = EwayBillAction.asked(EwayBillAction.CANCEL, null, null, null, null, null, null,
                String.valueOf(reasonCode), remark, null, null, bill.generatorGstin(), null, null);
        return request(bill, action, Set.of(EwayBillStatus.GENERATED), "ewaybill.not_cancellable", "cancelled");
    }

    public EwayBillService.Outcome reject(Caller caller, String id, byte[] body) {
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
        EwayBillAction action = EwayBillAction.asked(EwayBillAction.REJECT, null, null, null, null, null, null, null,
                null, null, null, counterparty, null, null);
        return request(bill, action, Set.of(EwayBillStatus.GENERATED), "ewaybill.not_rejectable", "rejected");
    }

    /**
     * Stores the action as the bill's pending one, leased to this request, then gives it one attempt within the
     * sync deadline. The same action asked again while it is pending answers 202 and sends nothing; another one
     * waits until it is done (409 {@code ewaybill.action_pending}).
     */
    private EwayBillService.Outcome request(EwayBill bill, EwayBillAction action, Set<EwayBillStatus> allowed, String code,
            String what) {
        checkCredential(bill, action.actingGstin());
        String lease = node.id() + "/" + UUID.randomUUID();
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(retryPolicy.lease());
        boolean stored = Boolean.TRUE.equals(transactions.execute(status -> {
            EwayBill current = bills.lock(bill.id()).orElseThrow(() -> ApiException.notFound("E-way bill " + bill.id()));
            EwayBillAction pending = bills.pendingAction(bill.id()).orElse(null);
            if (pending != null) {
                if (pending.sameAs(action)) {
                    return false;
                }
                throw new ApiException(HttpStatus.CONFLICT, "ewaybill.action_pending", "E-way bill " + bill.id() + " has a "
                        + pending.route() + " waiting for NIC; send this once it is done.",
                        List.of(ErrorDetail.of("pendingAction", "ewaybill.action_pending", pending.route())), null, null);
            }
            if (!allowed.contains(current.status())) {
                throw notAllowed(current, code, what);
            }
            bills.storeAction(bill.id(), action, lease, leaseUntil, now);
            return true;
        }));
        if (!stored) {
            return new EwayBillService.Outcome(HttpStatus.ACCEPTED, views.view(bills.get(bill.id()).orElseThrow()));
        }
        EwayBillActionAttempts.Outcome outcome = attemptWithinDeadline(bill.id(), lease);
        if (outcome.state() == EwayBillActionAttempts.Outcome.State.FAILED) {
            throw outcome.error();
        }
        EwayBillView view = views.view(bills.get(bill.id()).orElseThrow());
        return new EwayBillService.Outcome(outcome.state() == EwayBillActionAttempts.Outcome.State.DONE ? HttpStatus.OK
                : HttpStatus.ACCEPTED, view);
    }

    private EwayBillActionAttempts.Outcome attemptWithinDeadline(String billId, String lease) {
        FirstAttempts.Wait<EwayBillActionAttempts.Outcome> wait = firstAttempts.run(() -> attempts.attempt(billId, lease),
                "E-way bill action attempt");
        return switch (wait.ending()) {
            case FINISHED -> wait.result();
            // The attempt goes on in the background (it holds the lease); the caller polls the bill.
            case STILL_RUNNING -> EwayBillActionAttempts.Outcome.PENDING;
            case NOT_STARTED -> {
                bills.releaseAction(billId, lease, clock.instant()); // every NIC thread is busy: the worker takes it at once
                yield EwayBillActionAttempts.Outcome.PENDING;
            }
        };
    }

    /**
     * Part-B, extension and transporter changes belong to the bill's current transporter, or to the generator
     * while it has none: NIC refuses anyone else (636, 700, 339). The tenant signs in as that party.
     */
    private static String transporterOrGenerator(EwayBill bill) {
        return bill.transporterId() == null ? bill.generatorGstin() : bill.transporterId();
    }

    /** The vehicle entries NIC lists for the bill as far as we know: each vehicle and each extension with one. */
    private Integer vehiclesKnown(EwayBill bill) {
        return (int) bills.history(bill.id()).stream().filter(EwayBillHistoryEntry::inForce)
                .filter(entry -> "vehicle".equals(entry.kind())
                        || "extension".equals(entry.kind()) && entry.vehicleNumber() != null)
                .count();
    }

    private void checkCredential(EwayBill bill, String gstin) {
        try {
            credentials.forEwb(bill.organizationId(), bill.environment(), gstin);
        } catch (IrpCredentialsMissingException missing) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ewb_credentials.not_configured", missing.getMessage(),
                    List.of(ErrorDetail.of("gstin", "ewb_credentials.not_configured", gstin)), null, null);
        }
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
}
