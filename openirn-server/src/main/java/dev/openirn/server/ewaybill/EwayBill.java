package dev.openirn.server.ewaybill;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** One stored e-way bill row. */
public record EwayBill(String id, String organizationId, String environment, String clientId, EwayBillStatus status,
                       String channel, String eInvoiceId, String irn, String generatorGstin, String supplyType,
                       String subSupplyType, String documentType, String documentNumber, LocalDate documentDate,
                       String fromGstin, String toGstin, BigDecimal totalInvoiceValue, String transportMode,
                       String vehicleNumber, String transporterId, Integer distanceKm, String request, String nicPayload,
                       String payloadHash, String warnings, Long ewbNumber, Instant ewbDate, Instant validUntil,
                       Instant cancelledAt, String cancellationReason, Instant rejectedAt, String errorCode,
                       String errorMessage, String upstreamCode, String upstreamMessage, int attempts,
                       boolean outcomeUnknown, Instant nextAttemptAt, String leaseOwner, Instant leaseUntil,
                       Instant createdAt, Instant updatedAt) {

    static final String IRP = "irp";
    static final String EWB = "ewb";

    /** Generated and neither cancelled, rejected nor expired: it still covers a movement. */
    public boolean active() {
        return status == EwayBillStatus.GENERATED;
    }
}
