package dev.openirn.gst.onefinops;

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
