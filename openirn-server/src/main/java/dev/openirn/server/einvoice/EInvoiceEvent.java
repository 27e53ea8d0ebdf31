package dev.openirn.server.einvoice;

import java.time.Instant;

/** One row of an e-invoice's audit trail. */
public record EInvoiceEvent(Instant at, String fromStatus, String toStatus, int attempt, String upstreamCode,
        String upstreamMessage, String note) {
}
