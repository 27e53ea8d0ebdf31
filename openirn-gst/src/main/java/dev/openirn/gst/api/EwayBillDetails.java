package dev.openirn.gst.api;

import java.time.LocalDate;

/** Transport details to get an e-way bill together with the IRN. {@code transportMode}: 1 road, 2 rail, 3 air, 4 ship. */
public record EwayBillDetails(
        String transporterId,
        String transporterName,
        String transportMode,
        Integer distance,
        String transportDocumentNumber,
        LocalDate transportDocumentDate,
        String vehicleNumber,
        String vehicleType) {
}
