package dev.openirn.server.einvoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One stored e-invoice row: the document we were given and everything the IRP answered. */
public record EInvoice(
        String id,
        String organizationId,
        String environment,
        String clientId,
        EInvoiceStatus status,
        String supplyType,
        String sellerGstin,
        String buyerGstin,
        String documentType,
        String invoiceNumber,
        LocalDate invoiceDate,
        String financialYear,
        BigDecimal totalInvoiceValue,
        String expectedIrn,
        String nicPayload,
        String payloadHash,
        String warnings,
        String irn,
        String ackNumber,
        Instant ackDate,
        String signedInvoice,
        String signedQrCode,
        Instant generatedAt,
        String errorCode,
        String errorMessage,
        String upstreamCode,
        String upstreamMessage,
        int attempts,
        int retryCount,
        Instant nextRetryAt,
        boolean outcomeUnknown,
        Instant cancelledAt,
        String cancelReasonCode,
        String cancellationReason,
        Instant createdAt,
        Instant updatedAt,
        /* Where the retry deadline is counted from: the first creation, or the latest resubmission. */
        Instant giveUpClockFrom,
        /* The IRP that registered it (or confirmed the registration), by endpoint name; null before. */
        String irp) {

    /** The document part of a row: what the caller sent, as validated and as it goes to the IRP. */
    public record Document(String supplyType, String sellerGstin, String buyerGstin, String documentType,
            String invoiceNumber, LocalDate invoiceDate, String financialYear, BigDecimal totalInvoiceValue,
            String expectedIrn, String nicPayload, String payloadHash, String warnings) {
    }

    /** A new row as the API stores it: pending, nothing sent, due at once. */
    public static EInvoice received(String id, String organizationId, String environment, String clientId,
            Document document, Instant now) {
        return new EInvoice(id, organizationId, environment, clientId, EInvoiceStatus.PENDING,
                document.supplyType(), document.sellerGstin(), document.buyerGstin(), document.documentType(),
                document.invoiceNumber(), document.invoiceDate(), document.financialYear(), document.totalInvoiceValue(),
                document.expectedIrn(), document.nicPayload(), document.payloadHash(), document.warnings(),
                null, null, null, null, null, null, null, null, null, null, 0, 0, now, false, null, null, null,
                now, now, now, null);
    }

    /**
     * This new row as {@link EInvoices#insertPending} stores it: leased to the first attempt until {@code leaseUntil},
     * due then, and with its outcome counted as unknown from the start.
     */
    EInvoice storedPending(Instant leaseUntil) {
        return new EInvoice(id, organizationId, environment, clientId, EInvoiceStatus.PENDING, supplyType, sellerGstin,
                buyerGstin, documentType, invoiceNumber, invoiceDate, financialYear, totalInvoiceValue, expectedIrn,
                nicPayload, payloadHash, warnings, null, null, null, null, null, null, null, null, null, null, 0, 0,
                leaseUntil, true, null, null, null, createdAt, createdAt, createdAt, null);
    }

    /** This row with another document (and the client that sent it); everything the IRP answered stays. */
    public EInvoice withDocument(String clientId, Document document) {
        return new EInvoice(id, organizationId, environment, clientId, status,
                document.supplyType(), document.sellerGstin(), document.buyerGstin(), document.documentType(),
                document.invoiceNumber(), document.invoiceDate(), document.financialYear(), document.totalInvoiceValue(),
                document.expectedIrn(), document.nicPayload(), document.payloadHash(), document.warnings(),
                irn, ackNumber, ackDate, signedInvoice, signedQrCode, generatedAt, errorCode, errorMessage, upstreamCode,
                upstreamMessage, attempts, retryCount, nextRetryAt, outcomeUnknown, cancelledAt, cancelReasonCode,
                cancellationReason, createdAt, updatedAt, giveUpClockFrom, irp);
    }
}
