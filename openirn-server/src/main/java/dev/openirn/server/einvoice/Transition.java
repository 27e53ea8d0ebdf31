package dev.openirn.server.einvoice;

import java.time.Instant;
import java.util.Set;

/**
 * One status change with everything written alongside it.
 *
 * @param sending        this change marks a request about to go to the IRP (counts an attempt)
 * @param outcomeUnknown the IRP may have registered the document although we saw no answer
 * @param releaseLease   the holder is done with the row; the worker may take it when due
 * @param from           the statuses this change may leave; from any other it is not applied
 */
public record Transition(
        Set<EInvoiceStatus> from,
        EInvoiceStatus status,
        boolean sending,
        boolean countsAsRetry,
        Instant nextRetryAt,
        boolean outcomeUnknown,
        String errorCode,
        String errorMessage,
        String upstreamCode,
        String upstreamMessage,
        Registration registration,
        boolean releaseLease,
        String note) {

    /** The statuses of a row still waiting for the IRP: the only ones an attempt may move a row from. */
    static final Set<EInvoiceStatus> AWAITING_IRP = Set.of(EInvoiceStatus.PENDING, EInvoiceStatus.QUEUED,
            EInvoiceStatus.FAILED_RETRIABLE);

    /** This outcome follows a send that was not recorded on its own: count the attempt and record the send too. */
    Transition afterUnrecordedSend() {
        return new Transition(from, status, true, countsAsRetry, nextRetryAt, outcomeUnknown, errorCode, errorMessage,
                upstreamCode, upstreamMessage, registration, releaseLease, note);
    }

    static Transition aboutToSend() {
        return new Transition(AWAITING_IRP, EInvoiceStatus.QUEUED, true, false, null, true, null, null, null, null, null, false,
                "sent to IRP");
    }

    static Transition generated(Registration registration, String note) {
        return new Transition(AWAITING_IRP, EInvoiceStatus.GENERATED, false, false, null, false, null, null, null, null, registration,
                true, note);
    }

    static Transition failedTerminal(String errorCode, String errorMessage, String upstreamCode, String upstreamMessage) {
        return new Transition(AWAITING_IRP, EInvoiceStatus.FAILED_TERMINAL, false, false, null, false, errorCode, errorMessage,
                upstreamCode, upstreamMessage, null, true, errorCode);
    }

    static Transition retryLater(EInvoiceStatus status, Instant nextRetryAt, boolean outcomeUnknown, boolean countsAsRetry,
            String errorCode, String errorMessage, String upstreamCode, String upstreamMessage) {
        return new Transition(AWAITING_IRP, status, false, countsAsRetry, nextRetryAt, outcomeUnknown, errorCode, errorMessage,
                upstreamCode, upstreamMessage, null, true, errorCode);
    }
}
