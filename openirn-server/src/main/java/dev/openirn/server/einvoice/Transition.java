package dev.openirn.server.einvoice;

import java.time.Instant;

/**
 * One status change with everything written alongside it.
 *
 * @param sending        this change marks a request about to go to the IRP (counts an attempt)
 * @param outcomeUnknown the IRP may have registered the document although we saw no answer
 * @param releaseLease   the holder is done with the row; the worker may take it when due
 */
public record Transition(
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

    /** This outcome follows a send that was not recorded on its own: count the attempt and record the send too. */
    Transition afterUnrecordedSend() {
        return new Transition(status, true, countsAsRetry, nextRetryAt, outcomeUnknown, errorCode, errorMessage,
                upstreamCode, upstreamMessage, registration, releaseLease, note);
    }

    static Transition aboutToSend() {
        return new Transition(EInvoiceStatus.QUEUED, true, false, null, true, null, null, null, null, null, false,
                "sent to IRP");
    }

    static Transition generated(Registration registration, String note) {
        return new Transition(EInvoiceStatus.GENERATED, false, false, null, false, null, null, null, null, registration,
                true, note);
    }

    static Transition failedTerminal(String errorCode, String errorMessage, String upstreamCode, String upstreamMessage) {
        return new Transition(EInvoiceStatus.FAILED_TERMINAL, false, false, null, false, errorCode, errorMessage,
                upstreamCode, upstreamMessage, null, true, errorCode);
    }

    static Transition retryLater(EInvoiceStatus status, Instant nextRetryAt, boolean outcomeUnknown, boolean countsAsRetry,
            String errorCode, String errorMessage, String upstreamCode, String upstreamMessage) {
        return new Transition(status, false, countsAsRetry, nextRetryAt, outcomeUnknown, errorCode, errorMessage,
                upstreamCode, upstreamMessage, null, true, errorCode);
    }
}
