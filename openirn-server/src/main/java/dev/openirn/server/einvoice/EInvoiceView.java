package dev.openirn.server.einvoice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.web.ErrorDetail;
import dev.openirn.server.web.RequestJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The {@code einvoice} object of the API. */
@JsonPropertyOrder({"id", "object", "status", "irn", "ackNumber", "ackDate", "signedQrCode", "signedInvoice",
        "generatedAt", "irp", "sellerGstin", "buyerGstin", "documentType", "invoiceNumber", "invoiceDate", "financialYear",
        "totalInvoiceValue", "cancellableUntil", "cancelledAt", "cancellationReason", "warnings", "errorCode",
        "errorMessage", "retryCount", "nextRetryAt", "createdAt", "pendingAction", "cancelRequestedAt", "ewayBill",
        "ewayBillError"})
public record EInvoiceView(
        String id,
        String object,
        String status,
        String irn,
        String ackNumber,
        Instant ackDate,
        String signedQrCode,
        String signedInvoice,
        Instant generatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String irp,
        String sellerGstin,
        @JsonInclude(JsonInclude.Include.NON_NULL) String buyerGstin,
        String documentType,
        String invoiceNumber,
        LocalDate invoiceDate,
        String financialYear,
        BigDecimal totalInvoiceValue,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancellableUntil,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelledAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String cancellationReason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorDetail> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer retryCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant nextRetryAt,
        Instant createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String pendingAction,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelRequestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) EwayBillSummary ewayBill,
        @JsonInclude(JsonInclude.Include.NON_NULL) ErrorDetail ewayBillError) {

    /** The e-way bill made for this e-invoice (the latest one), as {@code GET /v1/ewaybills/{id}} shows it in full. */
    @JsonPropertyOrder({"id", "status", "ewbNumber", "ewbDate", "validUntil"})
    public record EwayBillSummary(String id, String status, Long ewbNumber, Instant ewbDate, Instant validUntil) {
    }

    public static final Duration CANCEL_WINDOW = Duration.ofHours(24);

    static EInvoiceView of(EInvoice invoice, List<ErrorDetail> warnings) {
        return of(invoice, warnings, null);
    }

    /** With a cancel that is stored but not yet confirmed by the IRP shown as {@code pendingAction: "cancel"}. */
    static EInvoiceView of(EInvoice invoice, List<ErrorDetail> warnings, CancelState cancel) {
        boolean cancelPending = cancel != null && cancel.pending() && invoice.status() == EInvoiceStatus.GENERATED;
        boolean generated = invoice.status() == EInvoiceStatus.GENERATED;
        boolean servesSignedPayloads = servesSignedPayloads(invoice);
        boolean settled = generated || invoice.status() == EInvoiceStatus.CANCELLED;
        return new EInvoiceView(
                invoice.id(), "einvoice", invoice.status().wireName(), invoice.irn(), invoice.ackNumber(),
                invoice.ackDate(), servesSignedPayloads ? invoice.signedQrCode() : null,
                servesSignedPayloads ? invoice.signedInvoice() : null, invoice.generatedAt(), invoice.irp(), invoice.sellerGstin(),
                invoice.buyerGstin(), invoice.documentType(), invoice.invoiceNumber(), invoice.invoiceDate(),
                invoice.financialYear(), plain(invoice.totalInvoiceValue()),
                generated && invoice.generatedAt() != null ? invoice.generatedAt().plus(CANCEL_WINDOW) : null,
                invoice.cancelledAt(), invoice.cancellationReason(), warnings,
                settled ? null : invoice.errorCode(), settled ? null : invoice.errorMessage(),
                settled ? null : invoice.retryCount(), settled ? null : invoice.nextRetryAt(), invoice.createdAt(),
                cancelPending ? "cancel" : null, cancelPending ? cancel.requestedAt() : null, null, null);
    }

    /** Like the IRP, only a generated IRN's signed payloads are served (a cancelled one's no longer). */
    static boolean servesSignedPayloads(EInvoice invoice) {
        return invoice.status() == EInvoiceStatus.GENERATED;
    }

    /** This view with these signed payloads. */
    EInvoiceView withSignedPayloads(String qrCode, String invoice) {
        return new EInvoiceView(id, object, status, irn, ackNumber, ackDate, qrCode, invoice, generatedAt, irp,
                sellerGstin, buyerGstin, documentType, invoiceNumber, invoiceDate, financialYear, totalInvoiceValue,
                cancellableUntil, cancelledAt, cancellationReason, warnings, errorCode, errorMessage,
                retryCount, nextRetryAt, createdAt, pendingAction, cancelRequestedAt, ewayBill, ewayBillError);
    }

    /**
     * This view as the answer to one write: the unknown-field warnings of the request that stored the
     * row give way to those of this request (the other warnings are the document's and stay).
     */
    public EInvoiceView withUnknownFieldsOf(List<ErrorDetail> requestWarnings) {
        List<ErrorDetail> merged = new ArrayList<>();
        (warnings == null ? List.<ErrorDetail>of() : warnings).stream()
                .filter(warning -> !RequestJson.UNKNOWN_FIELD.equals(warning.code())).forEach(merged::add);
        requestWarnings.stream().filter(warning -> RequestJson.UNKNOWN_FIELD.equals(warning.code())).forEach(merged::add);
        return new EInvoiceView(id, object, status, irn, ackNumber, ackDate, signedQrCode, signedInvoice, generatedAt, irp,
                sellerGstin, buyerGstin, documentType, invoiceNumber, invoiceDate, financialYear, totalInvoiceValue,
                cancellableUntil, cancelledAt, cancellationReason, List.copyOf(merged), errorCode, errorMessage,
                retryCount, nextRetryAt, createdAt, pendingAction, cancelRequestedAt, ewayBill, ewayBillError);
    }

    /**
     * This view with its e-way bill: the bill when one was generated (or is on its way), else the error of the
     * e-way bill leg when NIC refused it (the IRN stays generated either way).
     */
    EInvoiceView withEwayBill(EwayBillSummary bill, ErrorDetail error) {
        return new EInvoiceView(id, object, status, irn, ackNumber, ackDate, signedQrCode, signedInvoice, generatedAt, irp,
                sellerGstin, buyerGstin, documentType, invoiceNumber, invoiceDate, financialYear, totalInvoiceValue,
                cancellableUntil, cancelledAt, cancellationReason, warnings, errorCode, errorMessage,
                retryCount, nextRetryAt, createdAt, pendingAction, cancelRequestedAt, bill, error);
    }

    /** 11800.00 in the database is the JSON number 11800, as the quickstart shows it. */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
