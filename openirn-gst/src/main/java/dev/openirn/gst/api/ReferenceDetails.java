package dev.openirn.gst.api;

import java.util.List;

/** Remarks, invoice period, the original invoices a credit/debit note refers to, and contracts. */
public record ReferenceDetails(
        String invoiceRemarks,
        DocumentPeriod documentPeriod,
        List<PrecedingDocument> precedingDocuments,
        List<Contract> contracts) {
}
