package dev.openirn.gst.api;

import java.time.LocalDate;

/** An earlier document (usually the original invoice of a credit/debit note). */
public record PrecedingDocument(
        String invoiceNumber,
        LocalDate invoiceDate,
        String otherReference) {
}
