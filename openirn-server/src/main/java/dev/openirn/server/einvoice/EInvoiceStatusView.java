package dev.openirn.server.einvoice;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** The cheap status projection (onefinops-api.md §8.4): no signed payloads. */
@JsonPropertyOrder({"id", "object", "status", "irn", "errorCode", "errorMessage", "retryCount", "nextRetryAt"})
public record EInvoiceStatusView(String id, String object, String status, String irn, String errorCode,
        String errorMessage, int retryCount, Instant nextRetryAt) {

    static EInvoiceStatusView of(EInvoice invoice) {
        boolean waiting = invoice.status().awaitsIrp();
        return new EInvoiceStatusView(invoice.id(), "einvoice.status", invoice.status().wireName(), invoice.irn(),
                invoice.errorCode(), invoice.errorMessage(), invoice.retryCount(),
                waiting ? invoice.nextRetryAt() : null);
    }
}
