package dev.openirn.server.einvoice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** The cheap status projection: no signed payloads. */
@JsonPropertyOrder({"id", "object", "status", "irn", "irp", "errorCode", "errorMessage", "retryCount", "nextRetryAt", "pendingAction",
        "cancelRequestedAt"})
public record EInvoiceStatusView(String id, String object, String status, String irn,
        @JsonInclude(JsonInclude.Include.NON_NULL) String irp, String errorCode,
        String errorMessage, int retryCount, Instant nextRetryAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingAction,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelRequestedAt) {

    static EInvoiceStatusView of(EInvoice invoice) {
        boolean waiting = invoice.status().awaitsIrp();
        return new EInvoiceStatusView(invoice.id(), "einvoice.status", invoice.status().wireName(), invoice.irn(),
                invoice.irp(), invoice.errorCode(), invoice.errorMessage(), invoice.retryCount(),
                waiting ? invoice.nextRetryAt() : null, null, null);
    }

    /**
     * A generated e-invoice with a cancel stored but not yet confirmed by the IRP reports that
     * cancel's progress in the documented fields ({@code errorCode} {@code irp.unavailable},
     * {@code retryCount}, {@code nextRetryAt}) plus {@code pendingAction: "cancel"}; one whose last
     * background cancel was refused reports the refusal in {@code errorCode}/{@code errorMessage}.
     */
    static EInvoiceStatusView of(EInvoice invoice, CancelState cancel) {
        if (cancel == null || cancel.empty() || invoice.status() != EInvoiceStatus.GENERATED) {
            return of(invoice);
        }
        if (cancel.pending()) {
            return new EInvoiceStatusView(invoice.id(), "einvoice.status", invoice.status().wireName(), invoice.irn(),
                    invoice.irp(), cancel.errorCode(), cancel.errorMessage(), cancel.attempts(), cancel.nextAttemptAt(), "cancel",
                    cancel.requestedAt());
        }
        return new EInvoiceStatusView(invoice.id(), "einvoice.status", invoice.status().wireName(), invoice.irn(),
                invoice.irp(), cancel.errorCode(), cancel.errorMessage(), invoice.retryCount(), null, null, null);
    }
}
