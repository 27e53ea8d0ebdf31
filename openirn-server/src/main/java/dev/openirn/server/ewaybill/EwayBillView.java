package dev.openirn.server.ewaybill;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.openirn.server.web.ErrorDetail;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The {@code ewaybill} object of the API. */
@JsonPropertyOrder({"id", "object", "status", "ewbNumber", "ewbDate", "validUntil", "eInvoiceId", "irn", "generatorGstin",
        "supplyType", "subSupplyType", "documentType", "documentNumber", "documentDate", "fromGstin", "toGstin",
        "totalInvoiceValue", "transport", "vehicleHistory", "history", "cancelledAt", "cancellationReason", "rejectedAt",
        "pendingAction", "warnings", "errorCode", "errorMessage", "upstreamCode", "retryCount", "nextRetryAt", "createdAt"})
public record EwayBillView(
        String id,
        String object,
        String status,
        Long ewbNumber,
        Instant ewbDate,
        Instant validUntil,
        @JsonInclude(JsonInclude.Include.NON_NULL) String eInvoiceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String irn,
        String generatorGstin,
        String supplyType,
        String subSupplyType,
        String documentType,
        String documentNumber,
        LocalDate documentDate,
        String fromGstin,
        String toGstin,
        BigDecimal totalInvoiceValue,
        Transport transport,
        List<Vehicle> vehicleHistory,
        List<HistoryEntry> history,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant cancelledAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String cancellationReason,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant rejectedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) PendingAction pendingAction,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorDetail> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode,
        @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage,
        @JsonInclude(JsonInclude.Include.NON_NULL) String upstreamCode,
        int retryCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant nextRetryAt,
        Instant createdAt) {

    /** The current transport: the latest vehicle and transporter. */
    @JsonPropertyOrder({"transportMode", "distance", "vehicleNumber", "transporterId"})
    public record Transport(String transportMode, Integer distance, String vehicleNumber, String transporterId) {
    }

    /** One vehicle (Part-B) entry, oldest first; nothing is ever overwritten. */
    @JsonPropertyOrder({"vehicleNumber", "transportMode", "transportDocumentNumber", "transportDocumentDate", "fromPlace",
            "fromStateCode", "reasonCode", "reasonRemark", "enteredAt"})
    public record Vehicle(String vehicleNumber, String transportMode, String transportDocumentNumber,
                          LocalDate transportDocumentDate, String fromPlace, Integer fromStateCode, String reasonCode,
                          String reasonRemark, Instant enteredAt) {
    }

    /**
     * A change asked for that waits for NIC (it could not be reached, or did not answer): the worker sends it again
     * with backoff, after checking at NIC whether an earlier attempt already made it.
     */
    @JsonPropertyOrder({"type", "requestedAt", "retryCount", "nextRetryAt", "errorCode", "errorMessage"})
    public record PendingAction(String type, Instant requestedAt, int retryCount,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Instant nextRetryAt,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String errorCode,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {
    }

    /**
     * One entry of everything that happened to the bill, oldest first. A change asked through the API carries its
     * {@code state}: {@code pending} while it waits for NIC, then {@code done} or {@code failed}.
     */
    @JsonPropertyOrder({"at", "type", "state", "fromStatus", "toStatus", "vehicleNumber", "transporterId", "validUntil",
            "reasonCode", "remark", "note"})
    public record HistoryEntry(Instant at, String type,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String state,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String fromStatus,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String toStatus,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String vehicleNumber,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String transporterId,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Instant validUntil,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String reasonCode,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String remark,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
    }
}
