package dev.openirn.server.ewaybill;

import java.time.Instant;
import java.time.LocalDate;

/** One append-only entry of a bill's history: a status change, a vehicle (Part-B), a transporter or an extension. */
public record EwayBillHistoryEntry(long id, Instant at, String kind, String fromStatus, String toStatus,
                                   String vehicleNumber, String transportMode, String transportDocumentNumber,
                                   LocalDate transportDocumentDate, String fromPlace, Integer fromStateCode,
                                   String reasonCode, String remark, String transporterId, Instant validUntil,
                                   String note) {

    static EwayBillHistoryEntry vehicle(String vehicleNumber, String transportMode, String documentNumber,
            LocalDate documentDate, String fromPlace, Integer fromStateCode, String reasonCode, String remark,
            Instant validUntil) {
        return new EwayBillHistoryEntry(0, null, "vehicle", null, null, vehicleNumber, transportMode, documentNumber,
                documentDate, fromPlace, fromStateCode, reasonCode, remark, null, validUntil, null);
    }

    static EwayBillHistoryEntry transporter(String transporterId) {
        return new EwayBillHistoryEntry(0, null, "transporter", null, null, null, null, null, null, null, null, null,
                null, transporterId, null, null);
    }

    static EwayBillHistoryEntry extension(String vehicleNumber, String fromPlace, Integer fromStateCode, String reasonCode,
            String remark, Instant validUntil) {
        return new EwayBillHistoryEntry(0, null, "extension", null, null, vehicleNumber, null, null, null, fromPlace,
                fromStateCode, reasonCode, remark, null, validUntil, null);
    }
}
