package dev.openirn.server.einvoice;

import java.time.Instant;

/**
 * A row's cancel bookkeeping: a pending request (stored because the IRP could not be reached, or
 * in flight right now), or the refusal of the last background cancel.
 *
 * @param requestedAt   set while a cancel is pending; null otherwise
 * @param attempts      attempts that did not reach the IRP so far (shown as {@code retryCount})
 * @param errorCode     why the last attempt did not complete ({@code irp.unavailable}, …)
 */
public record CancelState(Instant requestedAt, String reasonCode, String remarks, Instant nextAttemptAt, int attempts,
        String errorCode, String errorMessage) {

    public boolean pending() {
        return requestedAt != null;
    }

    /** Nothing pending and nothing to report. */
    public boolean empty() {
        return requestedAt == null && errorCode == null;
    }
}
