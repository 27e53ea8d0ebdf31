package dev.openirn.server.einvoice;

import dev.openirn.server.einvoice.EInvoiceLifecycle.Event;
import dev.openirn.server.irp.IrpRegistration;
import java.time.Instant;

/**
 * One outcome of a registration attempt with everything written alongside it; the status it leads
 * to comes from {@link EInvoiceLifecycle}. Built by the named factories below.
 *
 * @param sending        this change marks a request about to go to the IRP (counts an attempt)
 * @param countsAsRetry  this change schedules another attempt
 * @param outcomeUnknown the IRP may have registered the document although we saw no answer
 * @param releaseLease   the holder is done with the row; the worker may take it when due
 */
public record Transition(
        Event event,
        boolean sending,
        boolean countsAsRetry,
        Instant nextRetryAt,
        boolean outcomeUnknown,
        Failure failure,
        IrpRegistration registration,
        boolean releaseLease,
        String note) {

    /** Why an attempt did not register the document, and what the IRP said (upstream), if anything. */
    public record Failure(String code, String message, String upstreamCode, String upstreamMessage) {

        public static Failure of(String code, String message) {
            return new Failure(code, message, null, null);
        }
    }

    private static final Failure NONE = new Failure(null, null, null, null);

    public Transition {
        failure = failure == null ? NONE : failure;
    }

    public String errorCode() {
        return failure.code();
    }

    public String errorMessage() {
        return failure.message();
    }

    public String upstreamCode() {
        return failure.upstreamCode();
    }

    public String upstreamMessage() {
        return failure.upstreamMessage();
    }

    /** This outcome follows a send that was not recorded on its own: count the attempt and record the send too. */
    public Transition afterUnrecordedSend() {
        return new Transition(event, true, countsAsRetry, nextRetryAt, outcomeUnknown, failure, registration, releaseLease,
                note);
    }

    /** A request is about to go to the IRP; until its answer is recorded the outcome is unknown. */
    public static Transition sent() {
        return new Transition(Event.SENT, true, false, null, true, null, null, false, "sent to IRP");
    }

    public static Transition registered(IrpRegistration registration) {
        return new Transition(Event.REGISTERED, false, false, null, false, null, registration, true, "registered");
    }

    public static Transition adopted(IrpRegistration registration) {
        return new Transition(Event.ADOPTED, false, false, null, false, null, registration, true,
                "adopted the registration found on the IRP");
    }

    public static Transition rejected(Failure failure) {
        return new Transition(Event.REJECTED, false, false, null, false, failure, null, true, failure.code());
    }

    public static Transition gaveUp(Failure failure) {
        return new Transition(Event.GAVE_UP, false, false, null, false, failure, null, true, failure.code());
    }

    /** Nothing was sent (the circuit is open); what was known about earlier attempts still holds. */
    public static Transition irpUnavailable(Instant nextRetryAt, boolean outcomeUnknown, Failure failure) {
        return new Transition(Event.IRP_UNAVAILABLE, false, true, nextRetryAt, outcomeUnknown, failure, null, true,
                failure.code());
    }

    /** No verdict: the IRP may have registered the document, so the next attempt asks it first. */
    public static Transition outcomeUnknown(Instant nextRetryAt, Failure failure) {
        return new Transition(Event.OUTCOME_UNKNOWN, false, true, nextRetryAt, true, failure, null, true, failure.code());
    }
}
