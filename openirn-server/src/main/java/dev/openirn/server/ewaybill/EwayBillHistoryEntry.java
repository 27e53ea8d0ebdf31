package dev.openirn.server.ewaybill;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One append-only entry of a bill's history: a status change, a vehicle (Part-B), a transporter, an extension, a
 * cancel or a reject. A change asked through the API is an action: {@code state} is {@code pending} until NIC
 * decided, then {@code done} or {@code failed}; entries recorded as they happened have no state.
 */
public record EwayBillHistoryEntry(long id, Instant at, String kind, String fromStatus, String toStatus,
                                   String vehicleNumber, String transportMode, String transportDocumentNumber,
                                   LocalDate transportDocumentDate, String fromPlace, Integer fromStateCode,
                                   String reasonCode, String remark, String transporterId, Instant validUntil,
                                   String note, String state) {

    /** In force: recorded as it happened, or an action NIC made. */
    boolean inForce() {
        return state == null || "done".equals(state);
    }

    static EwayBillHistoryEntry vehicle(String vehicleNumber, String transportMode, String documentNumber,
            LocalDate documentDate, String fromPlace, Integer fromStateCode, String reasonCode, String remark,
            Instant validUntil) {
        return new EwayBillHistoryEntry(0, null, "vehicle", null, null, vehicleNumber, transportMode, documentNumber,
                documentDate, fromPlace, fromStateCode, reasonCode, remark, null, validUntil, null, null);
    }
}
