package dev.openirn.gst.api;

import java.time.LocalDate;
import java.util.List;

/** The OneFinOps camelCase body of {@code POST /v1/einvoices}. */
public record EInvoiceRequest(
        String supplyType,
        String documentType,
        String invoiceNumber,
        LocalDate invoiceDate,
        String financialYear,
        Boolean reverseCharge,
        Boolean igstOnIntra,
        String ecommerceGstin,
        String placeOfSupplyStateCode,
        Party seller,
        Party buyer,
        DispatchFrom dispatchFrom,
        Party shipTo,
        List<Line> lines,
        Totals totals,
        Payment payment,
        ReferenceDetails referenceDetails,
        List<AdditionalDocument> additionalDocuments,
        ExportDetails exportDetails,
        EwayBillDetails ewayBillDetails) {
}
