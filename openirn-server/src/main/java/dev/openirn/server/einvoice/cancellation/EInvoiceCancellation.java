package dev.openirn.server.einvoice.cancellation;

import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.CancelState;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoiceView;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.ewaybill.EwayBill;
import dev.openirn.server.ewaybill.EwayBillActions;
import dev.openirn.server.ewaybill.EwayBills;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpError;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import dev.openirn.server.web.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/einvoices/{id}/cancel}. The 24-hour
 * window is checked locally before anything is sent. The request is stored and leased before the
 * IRP is called: an outage leaves it pending for {@link CancelWorker}, a crash leaves it for the
 * worker once the lease runs out, and the lease keeps two holders from sending it at once.
 */
@Service
public class EInvoiceCancellation {

    static final Duration CANCEL_WINDOW = EInvoiceView.CANCEL_WINDOW;
    static final Set<String> REASON_CODES = Set.of("1", "2", "3", "4");
    static final int REMARKS_MAX = 100;

    /** NIC: "Invoice is not active" — cancelled already, e.g. by hand on the portal. */
    static final String NOT_ACTIVE = "9999";
    /** NIC: "EwayBill is already generated for this IRN". */
    static final String EWB_ACTIVE = "4002";
    /** NIC: "This IRN cannot be cancelled because e-way bill has been generated". */
    static final String EWB_ACTIVE_ON_CANCEL = "2230";
    /** NIC: "The allowed cancellation time limit is crossed". */
    static final String WINDOW_CROSSED = "2270";

    private static final Logger log = LoggerFactory.getLogger(EInvoiceCancellation.class);

    private final EInvoices invoices;
    private final CancelRequests requests;
    private final EInvoiceViews views;
    private final Irp irp;
    private final IrpCredentials credentials;
    private final RetryPolicy retryPolicy;
    private final NodeIdentity node;
    private final Clock clock;
    private final RequestJson requestJson;
    private final Duration leaseForAttempt;
    private final EwayBills ewayBills;
    private final EwayBillActions ewayBillActions;

    EInvoiceCancellation(EInvoices invoices, CancelRequests requests, EInvoiceViews views, Irp irp,
            IrpCredentials credentials, RetryPolicy retryPolicy, NodeIdentity node, Clock clock, RequestJson requestJson,
            OpenIrnProperties properties, EwayBills ewayBills, EwayBillActions ewayBillActions) {
        this.ewayBills = ewayBills;
        this.ewayBillActions = ewayBillActions;
        this.invoices = invoices;
        this.requests = requests;
        this.views = views;
        this.irp = irp;
        this.credentials = credentials;
        this.retryPolicy = retryPolicy;
        this.node = node;
        this.clock = clock;
        this.requestJson = requestJson;
        this.leaseForAttempt = properties.irp().requestTimeout().multipliedBy(2).plus(retryPolicy.lease());
    }

    /**
     * What a cancel request came to: the e-invoice cancelled, or with its cancel pending (the IRP could not
     * take it now), or the IRP's refusal. {@link CancelController} says it in HTTP.
     */
    public record Outcome(Kind kind, EInvoiceView einvoice, Decision refusal) {

        /** Why the IRP (or OpenIRN) refused, as the API's error would say it; null unless refused. */
        public String refusalMessage() {
            return refusal == null ? null : CancelRefusals.toApiException(refusal).getMessage();
        }

        static Outcome of(Kind kind, EInvoiceView einvoice) {
            return new Outcome(kind, einvoice, null);
        }
    }

    /** A validated cancel body, with a warning for each field it has that a cancel does not know. */
    record CancelBody(String reasonCode, String remarks, boolean cancelEwayBill, List<ErrorDetail> warnings) {
    }

    private static final Set<String> FIELDS = Set.of("reasonCode", "remarks", "cancelEwayBill");

    public Outcome cancel(Caller caller, String id, byte[] body) {
        CancelBody request = parse(body);
        Outcome outcome = cancel(caller, id, request);
        if (outcome.kind() == Kind.REFUSED) {
            return outcome;
        }
        return Outcome.of(outcome.kind(), outcome.einvoice().withUnknownFieldsOf(request.warnings()));
    }

    private Outcome cancel(Caller caller, String id, CancelBody request) {
        String environment = caller.environment().wireName();
        EInvoice invoice = invoices.find(caller.organizationId(), environment, id)
                .orElseThrow(() -> ApiException.notFound("E-invoice " + id));
        CancelState state = requests.find(id).orElseThrow();
        if (invoice.status() == EInvoiceStatus.GENERATED && state.pending()) {
            return Outcome.of(Kind.DEFERRED, views.view(invoice, state));
        }
        checkCancellable(invoice);
        Instant now = clock.instant();
        if (now.isAfter(invoice.generatedAt().plus(CANCEL_WINDOW))) {
            throw windowExpired(invoice, null);
        }
        String ewayBillFirst = activeEwayBillToCancelFirst(invoice, request);
        String owner = node.id() + "/cancel/" + UUID.randomUUID();
        if (!requests.request(id, caller.organizationId(), environment, request.reasonCode(), request.remarks(),
                ewayBillFirst, owner, now, now.plus(leaseForAttempt))) {
            return afterLostRace(caller, id);
        }
        Attempt attempt = attempt(id, owner, false);
        if (attempt.kind() == Kind.REFUSED) {
            return new Outcome(Kind.REFUSED, null, attempt.decision());
        }
        return Outcome.of(attempt.kind(), views.view(invoices.get(id).orElseThrow(), requests.find(id).orElseThrow()));
    }

    /** Someone else stored a cancel or changed the row between our read and our write. */
    private Outcome afterLostRace(Caller caller, String id) {
        EInvoice invoice = invoices.find(caller.organizationId(), caller.environment().wireName(), id).orElseThrow();
        CancelState state = requests.find(id).orElseThrow();
        if (invoice.status() == EInvoiceStatus.GENERATED && state.pending()) {
            return Outcome.of(Kind.DEFERRED, views.view(invoice, state));
        }
        checkCancellable(invoice);
        throw new ApiException(HttpStatus.CONFLICT, "einvoice.busy",
                "Another operation on this e-invoice is in progress; try again shortly.");
    }

    private static void checkCancellable(EInvoice invoice) {
        if (invoice.status() == EInvoiceStatus.CANCELLED) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_cancellable",
                    "E-invoice " + invoice.id() + " is already cancelled (at " + invoice.cancelledAt() + ").");
        }
        if (invoice.status() != EInvoiceStatus.GENERATED || invoice.irn() == null || invoice.generatedAt() == null) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.not_cancellable",
                    "Only a generated e-invoice can be cancelled; " + invoice.id() + " is " + invoice.status().wireName() + ".");
        }
    }

    // ------------------------------------------------------------------ one attempt (API and worker)

    public enum Kind { CANCELLED, DEFERRED, REFUSED }

    /** What one attempt came to; {@code decision} says why (null when there was nothing left to send). */
    record Attempt(Kind kind, Decision decision) {
    }

    /**
     * Sends the stored cancel of a row {@code owner} has leased and records what came of it.
     * {@code background} keeps a refusal visible on the row (nobody is waiting for the answer).
     */
    Attempt attempt(String id, String owner, boolean background) {
        EInvoice invoice = invoices.get(id).orElse(null);
        CancelState state = requests.find(id).orElse(null);
        if (invoice == null || state == null || !state.pending() || invoice.status() != EInvoiceStatus.GENERATED) {
            return new Attempt(Kind.CANCELLED, null);
        }
        Optional<Decision> ewayBillStep = cancelEwayBillFirst(invoice, owner, state);
        if (ewayBillStep.isPresent()) {
            record(id, owner, state, ewayBillStep.get(), background);
            return new Attempt(ewayBillStep.get().kind(), ewayBillStep.get());
        }
        Decision decision;
        try {
            IrpLogin login = credentials.forSeller(invoice.organizationId(), invoice.environment(), invoice.sellerGstin());
            decision = decide(irp.cancel(invoice.environment(), login, invoice.irn(), state.reasonCode(), state.remarks()));
        } catch (IrpCredentialsMissingException e) {
            decision = Decision.refused("irp_credentials.not_configured", e.getMessage(), null, null);
        } catch (IrpUnavailableException e) {
            decision = Decision.retry("irp.unavailable", "The IRP is failing (circuit open); the cancel is queued.", null, null);
        } catch (RuntimeException e) {
            log.error("Cancel attempt for {} failed unexpectedly", id, e);
            decision = Decision.retry("irp.unexpected", "Unexpected error while talking to the IRP; will retry.", null, null);
        }
        record(id, owner, state, decision, background);
        return new Attempt(decision.kind(), decision);
    }

    /** Writes a decision to the row, while {@code owner} still holds it. */
    private void record(String id, String owner, CancelState state, Decision decision, boolean background) {
        Instant now = clock.instant();
        boolean recorded = switch (decision.kind()) {
            case CANCELLED -> requests.cancelled(id, owner, decision.cancelledAt() == null ? now : decision.cancelledAt(),
                    decision.upstreamCode(), decision.upstreamMessage(), decision.note(), now);
            case DEFERRED -> requests.deferred(id, owner, retryPolicy.nextAttempt(now, state.attempts()),
                    decision.errorCode(), decision.errorMessage(), decision.upstreamCode(), decision.upstreamMessage(), now);
            case REFUSED -> requests.refused(id, owner, decision.errorCode(), decision.errorMessage(),
                    decision.upstreamCode(), decision.upstreamMessage(), background, now);
        };
        if (!recorded) {
            log.warn("Lost the lease on {} before recording the cancel outcome {}; its new holder will finish it", id,
                    decision.kind());
        }
    }

    /**
     * What an IRP answer to a cancel means for us, in domain terms (the API's status codes are chosen
     * by {@link CancelRefusals}). Pure, so every IRP code can be tested without an IRP that produces it
     * (the sandbox has no e-way bills, so 4002 is tested that way).
     */
    record Decision(Kind kind, Instant cancelledAt, String note, String errorCode, String errorMessage, String upstreamCode,
            String upstreamMessage) {

        static Decision cancelled(Instant cancelledAt, String note, String upstreamCode, String upstreamMessage) {
            return new Decision(Kind.CANCELLED, cancelledAt, note, null, null, upstreamCode, upstreamMessage);
        }

        static Decision retry(String code, String message, String upstreamCode, String upstreamMessage) {
            return new Decision(Kind.DEFERRED, null, null, code, message, upstreamCode, upstreamMessage);
        }

        static Decision refused(String code, String message, String upstreamCode, String upstreamMessage) {
            return new Decision(Kind.REFUSED, null, null, code, message, upstreamCode, upstreamMessage);
        }
    }

    static Decision decide(IrpAnswer answer) {
        if (answer instanceof IrpAnswer.Cancelled cancelled) {
            return Decision.cancelled(cancelled.cancelledAt(), "cancelled on the IRP", null, null);
        }
        if (answer instanceof IrpAnswer.SystemError error) {
            return Decision.retry("irp.unavailable", "The IRP reported a system error (" + IrpAnswer.describe(error.errors())
                    + "); the cancel is queued.", error.first().code(), error.first().message());
        }
        if (answer instanceof IrpAnswer.Rejected rejected) {
            IrpError first = rejected.first();
            if (rejected.hasCode(NOT_ACTIVE)) {
                return Decision.cancelled(null, "IRP reports the IRN not active (9999): cancelled outside OpenIRN, synced",
                        NOT_ACTIVE, rejected.messageOf(NOT_ACTIVE));
            }
            for (String code : List.of(EWB_ACTIVE, EWB_ACTIVE_ON_CANCEL)) {
                if (rejected.hasCode(code)) {
                    return Decision.refused("einvoice.ewaybill_active",
                            "An active e-way bill is linked to this IRN; cancel the e-way bill first, then the IRN.",
                            code, rejected.messageOf(code));
                }
            }
            if (rejected.hasCode(WINDOW_CROSSED)) {
                return Decision.refused("einvoice.cancel_window_expired",
                        "The IRP's 24-hour cancellation window has passed; issue a credit note (documentType CRN) instead.",
                        WINDOW_CROSSED, rejected.messageOf(WINDOW_CROSSED));
            }
            return Decision.refused("einvoice.not_cancellable",
                    "The IRP refused the cancellation: " + IrpAnswer.describe(rejected.errors()), first.code(), first.message());
        }
        if (answer instanceof IrpAnswer.CredentialsRefused refused) {
            IrpError first = refused.first();
            return Decision.refused("irp_credentials.invalid", "The IRP refused the API user's credentials.", first.code(),
                    first.message());
        }
        if (answer instanceof IrpAnswer.NoAnswer none) {
            return Decision.retry(none.reason() == IrpAnswer.NoAnswer.Reason.TIMEOUT ? "irp.timeout" : "irp.unavailable",
                    "The IRP did not answer (" + none.reason().name().toLowerCase(Locale.ROOT) + "); the cancel is queued.",
                    null, null);
        }
        // A registration, a duplicate or an unverifiable signature make no sense for a cancel: ask again later rather than guess.
        return Decision.retry("irp.unexpected", "Unexpected answer from the IRP to a cancel; will retry.", null, null);
    }

    // ------------------------------------------------------------------ request body

    /**
     * NIC refuses to cancel an IRN while an e-way bill made for it is active. Without the caller's consent the
     * answer is 409 naming the bill; with {@code cancelEwayBill} the bill's id is stored with the cancel request,
     * and every attempt (this request's, or the worker's after an outage or a crash) cancels it before the IRN.
     */
    private String activeEwayBillToCancelFirst(EInvoice invoice, CancelBody request) {
        Optional<EwayBill> active = ewayBills.latestForEInvoice(invoice.id()).filter(EwayBill::active);
        if (active.isEmpty()) {
            return null;
        }
        EwayBill bill = active.get();
        if (!request.cancelEwayBill()) {
            throw new ApiException(HttpStatus.CONFLICT, "einvoice.ewaybill_active", "E-invoice " + invoice.id()
                    + " has the active e-way bill " + bill.id() + " (" + bill.ewbNumber() + "); cancel it first, or send "
                    + "\"cancelEwayBill\": true to cancel both.",
                    List.of(new ErrorDetail("ewayBillId", "einvoice.ewaybill_active", bill.id(), "4002")), null, null);
        }
        return bill.id();
    }

    /**
     * The first step of a cascading cancel: the e-way bill. Empty when there is nothing (left) to do for the bill,
     * so the IRN goes next; otherwise what stops the IRN for now (the e-way bill system unreachable, its answer
     * lost) or for good (NIC refusing the bill's cancel). The bill's cancel is stored as the bill's own action, so
     * an attempt after a crash finishes or reads back that action instead of sending a second cancel.
     */
    private Optional<Decision> cancelEwayBillFirst(EInvoice invoice, String owner, CancelState state) {
        Optional<String> billId = requests.ewayBillToCancelFirst(invoice.id());
        if (billId.isEmpty()) {
            return Optional.empty();
        }
        Optional<EwayBill> bill = ewayBills.find(invoice.organizationId(), invoice.environment(), billId.get());
        if (bill.isEmpty() || !bill.get().active()) {
            // Cancelled (by an earlier attempt, or directly), or no longer active: NIC lets the IRN go.
            return Optional.empty();
        }
        if (!requests.ewayBillCancelSending(invoice.id(), owner, clock.instant())) {
            return Optional.of(Decision.retry("einvoice.busy", "Another attempt holds this cancel.", null, null));
        }
        try {
            // The bill's cancel is an action stored on the bill: sent once, read back at NIC after a lost answer or
            // a crash, finished by the e-way bill worker when NIC is unreachable (this then throws 503 and retries).
            ewayBillActions.cancel(bill.get(), ewayBillReason(state.reasonCode()), state.remarks());
        } catch (ApiException failed) {
            Upstream upstream = failed.upstream();
            String upstreamCode = upstream == null ? null : upstream.code();
            String upstreamMessage = upstream == null ? null : upstream.message();
            String message = "The e-way bill " + bill.get().id() + " could not be cancelled: " + failed.getMessage();
            return Optional.of(failed.status().is5xxServerError()
                    ? Decision.retry(failed.code(), message + " The cancel is queued.", upstreamCode, upstreamMessage)
                    : Decision.refused(failed.code(), message, upstreamCode, upstreamMessage));
        } catch (RuntimeException e) {
            log.error("Cancelling e-way bill {} before the IRN of {} failed unexpectedly", bill.get().id(), invoice.id(), e);
            return Optional.of(Decision.retry("ewaybill.unexpected",
                    "Unexpected error while cancelling the e-way bill; will retry.", null, null));
        }
        boolean stillActive = ewayBills.find(invoice.organizationId(), invoice.environment(), bill.get().id())
                .map(EwayBill::active).orElse(false);
        return stillActive
                ? Optional.of(Decision.retry("ewaybill.cancel_pending",
                        "The e-way bill's cancel is not confirmed yet; the IRN is cancelled after it.", null, null))
                : Optional.empty();
    }

    /** The IRN's cancel reasons in the e-way bill system's numbering: 2 data entry and 3 order cancelled are swapped there. */
    static int ewayBillReason(String irnReasonCode) {
        return switch (irnReasonCode) {
            case "2" -> 3;
            case "3" -> 2;
            default -> Integer.parseInt(irnReasonCode);
        };
    }

    CancelBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("request.malformed_json", "The request body is empty.", null);
        }
        JsonNode root = requestJson.readTree(body);
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("request.malformed_json", "The request body must be a JSON object.", null);
        }
        List<ErrorDetail> errors = new ArrayList<>();
        JsonNode reasonNode = root.path("reasonCode");
        String reason = reasonNode.isString() ? reasonNode.asString().trim()
                : reasonNode.isIntegralNumber() ? reasonNode.asString() : null;
        if (reasonNode.isMissingNode() || reasonNode.isNull()) {
            errors.add(ErrorDetail.of("reasonCode", "field.required",
                    "reasonCode is required: \"1\" duplicate, \"2\" data entry error, \"3\" order cancelled, \"4\" other."));
        } else if (reason == null || !REASON_CODES.contains(reason)) {
            errors.add(ErrorDetail.of("reasonCode", "cancel.reason_invalid",
                    "reasonCode must be one of \"1\" duplicate, \"2\" data entry error, \"3\" order cancelled, \"4\" other."));
        }
        JsonNode remarksNode = root.path("remarks");
        String remarks = remarksNode.isString() ? remarksNode.asString() : null;
        if (remarksNode.isMissingNode() || remarksNode.isNull() || (remarks != null && remarks.isBlank())) {
            errors.add(ErrorDetail.of("remarks", "field.required", "remarks is required (free text, at most 100 characters)."));
        } else if (remarks == null) {
            errors.add(ErrorDetail.of("remarks", "field.type", "remarks must be a string."));
        } else if (remarks.codePointCount(0, remarks.length()) > REMARKS_MAX) {
            errors.add(ErrorDetail.of("remarks", "field.max_length",
                    "remarks must be at most 100 characters; it has " + remarks.codePointCount(0, remarks.length()) + "."));
        } else if (RequestJson.controlCharacter(remarks) >= 0) {
            // Stored as PostgreSQL text, which cannot hold NUL, and sent to the IRP as free text.
            errors.add(ErrorDetail.of("remarks", "field.control_character",
                    "remarks " + RequestJson.describeControlCharacter(RequestJson.controlCharacter(remarks)) + "."));
        }
        List<ErrorDetail> warnings = requestJson.unknownFields(root.propertyNames().stream()
                .filter(name -> !FIELDS.contains(name)).toList());
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors.size() == 1 ? "The cancel request breaks 1 rule; see details."
                    : "The cancel request breaks " + errors.size() + " rules; see details.", errors);
        }
        JsonNode cascade = root.path("cancelEwayBill");
        if (!cascade.isMissingNode() && !cascade.isNull() && !cascade.isBoolean()) {
            throw ApiException.validation("cancelEwayBill must be true or false.",
                    List.of(ErrorDetail.of("cancelEwayBill", "field.type", "cancelEwayBill must be a boolean.")));
        }
        return new CancelBody(reason, remarks, cascade.isBoolean() && cascade.booleanValue(), warnings);
    }

    static ApiException windowExpired(EInvoice invoice, Upstream upstream) {
        return new ApiException(HttpStatus.CONFLICT, "einvoice.cancel_window_expired",
                "E-invoice " + invoice.id() + " could be cancelled until " + invoice.generatedAt().plus(CANCEL_WINDOW)
                        + "; issue a credit note (documentType CRN) referencing it instead.",
                List.of(new ErrorDetail("cancellableUntil", "einvoice.cancel_window_expired",
                        invoice.generatedAt().plus(CANCEL_WINDOW).toString(), null)), upstream, null);
    }
}
