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
        Instant giveUpClockFrom) {
}
