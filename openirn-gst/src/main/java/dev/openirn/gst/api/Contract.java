package dev.openirn.gst.api;

import java.time.LocalDate;

/** Contract and purchase-order references. */
public record Contract(
        String receiptAdviceReference,
        LocalDate receiptAdviceDate,
        String tenderReference,
        String contractReference,
        String externalReference,
        String projectReference,
        String purchaseOrderReference,
        LocalDate purchaseOrderDate) {
}
