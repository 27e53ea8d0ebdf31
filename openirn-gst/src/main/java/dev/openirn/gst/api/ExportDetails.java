package dev.openirn.gst.api;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Shipping bill, port, currency and country of an export. */
public record ExportDetails(
        String shippingBillNumber,
        LocalDate shippingBillDate,
        String portCode,
        Boolean refundClaimed,
        String foreignCurrency,
        String countryCode,
        BigDecimal exportDuty) {
}
