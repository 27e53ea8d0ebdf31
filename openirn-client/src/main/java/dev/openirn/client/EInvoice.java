package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An e-invoice as the API shows it. Fields the SDK does not model are in {@link #json()}.
 * {@link #httpStatus()} and {@link #replayed()} tell how a create was answered (201 generated, 202 queued,
 * 200 an existing document; replayed when an earlier answer under the same idempotency key came back).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class EInvoice extends ApiObject<EInvoice> {
    private String id;
    private String status;
    private String irn;
    private String ackNumber;
    private String ackDate;
    private String generatedAt;
    private String createdAt;
    private String documentType;
    private String invoiceNumber;
    private String invoiceDate;
    private String financialYear;
    private String sellerGstin;
    private String buyerGstin;
    private BigDecimal totalInvoiceValue;
    private String signedInvoice;
    private String signedQrCode;
    private String errorCode;
    private String errorMessage;
    private Integer retryCount;
    private String nextRetryAt;
    private String pendingAction;
    private String cancellableUntil;
    private String cancelledAt;
    private String cancellationReason;
    private List<ErrorDetail> warnings;
    public String id() {
        return id;
    }

    /** {@code pending}, {@code queued}, {@code generated}, {@code cancelled}, {@code failed_retriable}, {@code failed_terminal}, {@code not_applicable}. */
    public String status() {
        return status;
    }

    /** Generated, cancelled, failed for good or not applicable: nothing will change it by itself. */
    public boolean isTerminal() {
        return EInvoiceStatus.isTerminal(status);
    }

    public String irn() {
        return irn;
    }

    public String ackNumber() {
        return ackNumber;
    }

    public Instant ackDate() {
        return instant(ackDate);
    }

    public Instant generatedAt() {
        return instant(generatedAt);
    }

    public Instant createdAt() {
        return instant(createdAt);
    }

    public String documentType() {
        return documentType;
    }

    public String invoiceNumber() {
        return invoiceNumber;
    }

    public LocalDate invoiceDate() {
        return invoiceDate == null ? null : LocalDate.parse(invoiceDate);
    }

    public String financialYear() {
        return financialYear;
    }

    public String sellerGstin() {
        return sellerGstin;
    }

    public String buyerGstin() {
        return buyerGstin;
    }

    public BigDecimal totalInvoiceValue() {
        return totalInvoiceValue;
    }

    public String signedInvoice() {
        return signedInvoice;
    }

    public String signedQrCode() {
        return signedQrCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public int retryCount() {
        return retryCount == null ? 0 : retryCount;
    }

    public Instant nextRetryAt() {
        return instant(nextRetryAt);
    }

    /** {@code cancel} while a cancel waits for the IRP; otherwise null. */
    public String pendingAction() {
        return pendingAction;
    }

    public Instant cancellableUntil() {
        return instant(cancellableUntil);
    }

    public Instant cancelledAt() {
        return instant(cancelledAt);
    }

    public String cancellationReason() {
        return cancellationReason;
    }

    /** Rules the lenient profile reported instead of rejecting. */
    public List<ErrorDetail> warnings() {
        return warnings == null ? List.of() : warnings;
    }

    static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    @Override
    public String toString() {
        return id + " " + status + (irn == null ? "" : " irn=" + irn);
    }
}
