package dev.openirn.server.ewaybill;

import dev.openirn.server.events.EventOutbox;
import dev.openirn.server.events.EventType;
import dev.openirn.server.ewaybill.EwayBillLifecycle.Event;
import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.EwbAnswer;
import dev.openirn.server.irp.EwbBillAtNic;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpCredentialsMissingException;
import dev.openirn.server.irp.IrpLogin;
import dev.openirn.server.irp.IrpUnavailableException;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.Upstream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt at a bill's pending action, by whoever holds the bill's lease (the request's first attempt or the
 * worker). An action whose earlier send went unanswered is first read back at NIC and recorded as done if NIC made
 * it, so nothing is ever sent twice; NIC's "already cancelled" or "already rejected" is resolved the same way.
 * NIC's answer ends the action: done (the bill changes, its event is published, in one transaction) or failed
 * (the bill stays as it was); an outage leaves it pending for the worker, with backoff.
 */
@Component
class EwayBillActionAttempts {

    /** How a (first) attempt ended, for the request waiting on it. */
    record Outcome(State state, ApiException error) {
        enum State { DONE, FAILED, PENDING }

        static final Outcome DONE = new Outcome(State.DONE, null);
        static final Outcome PENDING = new Outcome(State.PENDING, null);
    }

    private static final Set<String> NOT_CANCELLABLE = Set.of("312", "315", "316", "728", "653");
    private static final Set<String> NOT_REJECTABLE = Set.of("343", "344", "345", "346", "347", "348");
    private static final Set<String> NOT_COUNTERPARTY = Set.of("341", "342");
    private static final Set<String> NOT_EXTENDABLE = Set.of("379", "380", "381", "382", "384", "637", "700", "821");
    private static final Set<String> PART_B_NOT_ALLOWED = Set.of("280", "311", "312", "412", "635", "636");
    private static final Set<String> TRANSPORTER_NOT_ALLOWED = Set.of("280", "281", "312", "338", "339");
    /** NIC: "not yours, or not active" on a cancel; "already rejected" on a reject. Our earlier send may be why. */
    private static final String CANCEL_NOT_ACTIVE = "312";
    private static final String ALREADY_REJECTED = "347";
    /** How far NIC's clock may be behind ours when its time of a vehicle entry tells whether our Part-B made it. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

    private final EwayBills bills;
    private final EwayBillViews views;
    private final EwayBillPortal portal;
    private final IrpCredentials credentials;
    private final TransactionTemplate transactions;
    private final EventOutbox outbox;
    private final RetryPolicy retryPolicy;
    private final Clock clock;

    EwayBillActionAttempts(EwayBills bills, EwayBillViews views, EwayBillPortal portal, IrpCredentials credentials,
            TransactionTemplate transactions, EventOutbox outbox, RetryPolicy retryPolicy, Clock clock) {
        this.bills = bills;
        this.views = views;
        this.portal = portal;
        this.credentials = credentials;
        this.transactions = transactions;
        this.outbox = outbox;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
    }

    /** Runs one attempt at bill {@code billId}'s pending action under {@code lease}; PENDING if it is not ours to run. */
    Outcome attempt(String billId, String lease) {
        Optional<EwayBill> found = bills.get(billId);
        if (found.isEmpty() || !lease.equals(found.get().leaseOwner())) {
            return Outcome.PENDING;
        }
        EwayBill bill = found.get();
        Optional<EwayBillAction> pending = bills.pendingAction(billId);
        if (pending.isEmpty()) {
            bills.release(billId, lease);
            return Outcome.DONE;
        }
        EwayBillAction action = pending.get();
        IrpLogin login;
        try {
            login = credentials.forEwb(bill.organizationId(), bill.environment(), action.actingGstin());
        } catch (IrpCredentialsMissingException missing) {
            return fail(bill, action, lease, new ApiException(HttpStatus.BAD_REQUEST, "ewb_credentials.not_configured",
                    missing.getMessage(), List.of(ErrorDetail.of("gstin", "ewb_credentials.not_configured",
                    action.actingGstin())), null, null), null, null);
        }
        if (action.outcomeUnknown()) {
            EwbBillAtNic atNic = readBack(bill, login);
            if (madeAtNic(action, atNic)) {
                return done(bill, action, lease, atNic.answer(), "done: NIC already held it (an earlier attempt made it)");
            }
            if (!atNic.answer().ok() && atNic.answer().kind() != EwbAnswer.Kind.REFUSED) {
                // Still not known whether NIC made it: never send it a second time.
                return retryLater(bill, action, lease, atNic.answer(), true);
            }
        }
        if (!Boolean.TRUE.equals(transactions.execute(status -> bills.actionSent(billId, action.id(), lease,
                action.attempts() + 1)))) {
            return Outcome.PENDING;
        }
        EwbAnswer answer = send(bill, action, login);
        switch (answer.kind()) {
            case OK -> {
                return done(bill, action, lease, answer, "done");
            }
            case REFUSED -> {
                if (EwayBillAction.CANCEL.equals(action.kind()) && answer.hasCode(CANCEL_NOT_ACTIVE)
                        || EwayBillAction.REJECT.equals(action.kind()) && answer.hasCode(ALREADY_REJECTED)) {
                    EwbBillAtNic atNic = readBack(bill, login);
                    if (madeAtNic(action, atNic)) {
                        return done(bill, action, lease, atNic.answer(), "done: NIC already held it");
                    }
                    if (!atNic.answer().ok()) {
                        // "Not active" may be our own earlier cancel whose answer was lost; unread, it is no refusal.
                        return retryLater(bill, action, lease, atNic.answer(), true);
                    }
                }
                return fail(bill, action, lease, refusal(bill, action, answer), answer.firstCode(), answer.firstMessage());
            }
            case AUTH_FAILED -> {
                return fail(bill, action, lease, new ApiException(HttpStatus.BAD_GATEWAY, "ewb_credentials.invalid",
                        "NIC refused the e-way bill API user: " + answer.firstMessage(), List.of(),
                        Upstream.nic(answer.firstCode(), answer.firstMessage()), null), answer.firstCode(), answer.firstMessage());
            }
            case UNAVAILABLE -> {
                return retryLater(bill, action, lease, answer, action.outcomeUnknown());
            }
            default -> {
                // No answer: NIC may have made it. Look at once; if the bill does not show it yet, the next attempt looks again.
                EwbBillAtNic atNic = readBack(bill, login);
                if (madeAtNic(action, atNic)) {
                    return done(bill, action, lease, atNic.answer(), "done: confirmed by reading the bill back");
                }
                return retryLater(bill, action, lease, answer, true);
            }
        }
    }

    private EwbAnswer send(EwayBill bill, EwayBillAction action, IrpLogin login) {
        String environment = bill.environment();
        long number = bill.ewbNumber();
        try {
            return switch (action.kind()) {
                case EwayBillAction.VEHICLE -> portal.updateVehicle(environment, login, number, action.nicRequest());
                case EwayBillAction.EXTENSION -> portal.extendValidity(environment, login, number, action.nicRequest());
                case EwayBillAction.TRANSPORTER -> portal.updateTransporter(environment, login, number, action.transporterId());
                case EwayBillAction.CANCEL -> portal.cancel(environment, login, number, Integer.parseInt(action.reasonCode()),
                        action.remark());
                case EwayBillAction.REJECT -> portal.reject(environment, login, number);
                default -> throw new IllegalStateException("Unknown e-way bill action " + action.kind());
            };
        } catch (IrpUnavailableException open) {
            return unavailable(open);
        }
    }

    private EwbBillAtNic readBack(EwayBill bill, IrpLogin login) {
        try {
            return portal.readBill(bill.environment(), login, bill.ewbNumber());
        } catch (IrpUnavailableException open) {
            return new EwbBillAtNic(unavailable(open), null, List.of());
        }
    }

    private static EwbAnswer unavailable(IrpUnavailableException open) {
        return new EwbAnswer(EwbAnswer.Kind.UNAVAILABLE, 0, null, null, null, null, null, null, List.of(), open.getMessage());
    }

    /** Whether the bill as NIC holds it shows the action made. */
    static boolean madeAtNic(EwayBillAction action, EwbBillAtNic atNic) {
        EwbAnswer read = atNic.answer();
        if (!read.ok()) {
            return false;
        }
        return switch (action.kind()) {
            case EwayBillAction.CANCEL -> "CNL".equals(read.status());
            case EwayBillAction.REJECT -> "Y".equalsIgnoreCase(read.rejectStatus());
            case EwayBillAction.TRANSPORTER -> action.transporterId().equalsIgnoreCase(String.valueOf(atNic.transporterId()).trim());
            case EwayBillAction.EXTENSION -> read.validUntil() != null
                    && (action.validUntilBefore() == null || read.validUntil().isAfter(action.validUntilBefore()));
            case EwayBillAction.VEHICLE -> vehicleMade(action, atNic);
            default -> false;
        };
    }

    /**
     * A Part-B is made when NIC's newest vehicle entry is ours (vehicle or transport document, place, state) and
     * is new: NIC lists more entries than the bill had when it was asked, or entered it after it was asked.
     */
    private static boolean vehicleMade(EwayBillAction action, EwbBillAtNic atNic) {
        if (atNic.vehicles().isEmpty()) {
            return false;
        }
        EwbBillAtNic.Vehicle newest = atNic.vehicles().get(0);
        boolean ours = same(action.vehicleNumber(), newest.vehicleNumber())
                && (action.vehicleNumber() != null || same(action.transportDocumentNumber(), newest.transportDocumentNumber()))
                && same(action.fromPlace(), newest.fromPlace())
                && java.util.Objects.equals(action.fromStateCode(), newest.fromState());
        boolean added = action.vehiclesBefore() != null && atNic.vehicles().size() > action.vehiclesBefore();
        boolean enteredSince = newest.enteredAt() != null && action.requestedAt() != null
                && !newest.enteredAt().isBefore(action.requestedAt().minus(CLOCK_SKEW));
        return ours && (added || enteredSince);
    }

    /** Equal once spaces, dashes and case are ignored; null and blank are the same. */
    private static boolean same(String ours, String nics) {
        return normal(ours).equals(normal(nics));
    }

    private static String normal(String text) {
        return text == null ? "" : text.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** NIC made the change: the bill takes it on, the history entry is final and the event is published, at once. */
    private Outcome done(EwayBill bill, EwayBillAction action, String lease, EwbAnswer answer, String note) {
        Instant now = clock.instant();
        Map<String, Object> columns = new HashMap<>();
        Event event = Event.AMENDED;
        EventType type = EventType.EWAYBILL_UPDATED;
        String statusNote;
        switch (action.kind()) {
            case EwayBillAction.VEHICLE -> {
                columns.put("transport_mode", action.transportMode());
                columns.put("vehicle_number", action.vehicleNumber());
                if (answer.validUntil() != null) {
                    columns.put("valid_until", answer.validUntil());
                }
                statusNote = "vehicle updated";
            }
            case EwayBillAction.EXTENSION -> {
                columns.put("valid_until", answer.validUntil());
                if (action.vehicleNumber() != null) {
                    columns.put("vehicle_number", action.vehicleNumber());
                }
                statusNote = "validity extended";
            }
            case EwayBillAction.TRANSPORTER -> {
                columns.put("transporter_id", action.transporterId());
                statusNote = "transporter updated";
            }
            case EwayBillAction.CANCEL -> {
                columns.put("cancelled_at", answer.at() == null ? now : answer.at());
                columns.put("cancellation_reason", action.remark());
                event = Event.CANCELLED;
                type = EventType.EWAYBILL_CANCELLED;
                statusNote = "cancelled: " + action.remark();
            }
            default -> {
                columns.put("rejected_at", answer.at() == null ? now : answer.at());
                event = Event.REJECTED;
                type = EventType.EWAYBILL_REJECTED;
                statusNote = "rejected by " + action.actingGstin();
            }
        }
        Event move = event;
        EventType published = type;
        Instant validUntil = EwayBillAction.VEHICLE.equals(action.kind()) || EwayBillAction.EXTENSION.equals(action.kind())
                ? answer.validUntil() : null;
        transactions.executeWithoutResult(status -> {
            if (!bills.settleAction(bill.id(), action.id(), lease, "done", validUntil, null, null, null, note, now)) {
                return; // another attempt holds the bill now and records the outcome
            }
            if (bills.move(bill.id(), null, move, columns, statusNote, now)) {
                EwayBill stored = bills.get(bill.id()).orElseThrow();
                outbox.publish(stored.organizationId(), stored.environment(), published, stored.id(), views.view(stored), now);
            }
        });
        return Outcome.DONE;
    }

    /** NIC refused (or the credential is missing): the bill stays as it was and the history says why. */
    private Outcome fail(EwayBill bill, EwayBillAction action, String lease, ApiException error, String upstreamCode,
            String upstreamMessage) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> bills.settleAction(bill.id(), action.id(), lease, "failed", null,
                error.code(), upstreamCode, upstreamMessage, "failed: " + error.getMessage(), now));
        return new Outcome(Outcome.State.FAILED, error);
    }

    private Outcome retryLater(EwayBill bill, EwayBillAction action, String lease, EwbAnswer answer, boolean outcomeUnknown) {
        Instant now = clock.instant();
        if (!outcomeUnknown && retryPolicy.givenUp(action.requestedAt(), now)) {
            return fail(bill, action, lease, new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "ewaybill.retries_exhausted",
                    "The e-way bill system stayed unavailable until the retry deadline: " + answer.firstMessage(),
                    List.of(), null, null), null, null);
        }
        String code = outcomeUnknown ? "ewaybill.outcome_unknown" : "upstream.unavailable";
        transactions.executeWithoutResult(status -> bills.actionRetryLater(bill.id(), action.id(), lease, outcomeUnknown,
                code, answer.firstMessage(), retryPolicy.nextAttempt(now, action.attempts())));
        return Outcome.PENDING;
    }

    /** NIC's refusal as the API's error: 409 for a window or state NIC names, 403 for the wrong party, else 422. */
    private static ApiException refusal(EwayBill bill, EwayBillAction action, EwbAnswer answer) {
        String refusedAs = switch (action.kind()) {
            case EwayBillAction.CANCEL -> "ewaybill.not_cancellable";
            case EwayBillAction.REJECT -> "ewaybill.not_rejectable";
            case EwayBillAction.EXTENSION -> "ewaybill.not_extendable";
            default -> "ewaybill.not_updatable";
        };
        Set<String> refusedCodes = switch (action.kind()) {
            case EwayBillAction.CANCEL -> NOT_CANCELLABLE;
            case EwayBillAction.REJECT -> NOT_REJECTABLE;
            case EwayBillAction.EXTENSION -> NOT_EXTENDABLE;
            case EwayBillAction.TRANSPORTER -> TRANSPORTER_NOT_ALLOWED;
            default -> PART_B_NOT_ALLOWED;
        };
        Upstream upstream = Upstream.nic(answer.firstCode(), answer.firstMessage());
        List<ErrorDetail> details = List.of(new ErrorDetail("id", refusedAs, bill.id(), answer.firstCode()));
        if (NOT_COUNTERPARTY.stream().anyMatch(answer::hasCode)) {
            return new ApiException(HttpStatus.FORBIDDEN, "ewaybill.not_counterparty", answer.firstMessage(), details,
                    upstream, null);
        }
        if (refusedCodes.stream().anyMatch(answer::hasCode)) {
            return new ApiException(HttpStatus.CONFLICT, refusedAs, answer.firstMessage(), details, upstream, null);
        }
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ewaybill.rejected_by_nic", answer.firstMessage(),
                details, upstream, null);
    }
}
