package dev.openirn.bench;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.api.EInvoiceRequest;
import dev.openirn.gst.api.NicInvoiceMapper;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unique documents: the quickstart invoice with a fresh invoice number each time (dated today in IST,
 * so every IRP date rule holds). One sequence for the whole run, so no two scenarios share a document.
 */
final class Invoices {

    static final String SELLER_GSTIN = "29ABCDE1234F1Z5";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicLong sequence = new AtomicLong();
    private final String runTag;
    private final String date;
    private final String financialYear;

    Invoices() {
        this.runTag = Long.toString(System.currentTimeMillis() / 1000 % 46656, 36).toUpperCase();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Kolkata"));
        this.date = today.toString();
        int start = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
        this.financialYear = start + "-" + String.format("%02d", (start + 1) % 100);
    }

    /** e.g. {@code G3K9-000042}: letter per scenario, run tag, sequence; within NIC's 16 characters. */
    String nextNumber(char scenario) {
        return scenario + runTag + "-" + String.format("%06d", sequence.incrementAndGet());
    }

    /** What every number of that scenario starts with in this run. */
    String prefix(char scenario) {
        return scenario + runTag + "-";
    }

    String body(String invoiceNumber) {
        return """
                {"supplyType":"B2B","documentType":"INV","invoiceNumber":"%s","invoiceDate":"%s","financialYear":"%s",\
                "reverseCharge":false,"placeOfSupplyStateCode":"29",\
                "seller":{"gstin":"%s","legalName":"Acme Pvt Ltd","address1":"12 Industrial Area","location":"Bengaluru","pinCode":"560001","stateCode":"29"},\
                "buyer":{"gstin":"27FGHIJ5678K1Z2","legalName":"Globex Pvt Ltd","address1":"8 MG Road","location":"Mumbai","pinCode":"400001","stateCode":"27"},\
                "lines":[{"lineNumber":1,"productDescription":"Consulting services","isService":true,"hsnCode":"998314","unitPrice":10000,\
                "assessableValue":10000,"gstRate":18,"igstAmount":1800,"totalItemValue":11800}],\
                "totals":{"assessableValue":10000,"totalIgstValue":1800,"totalInvoiceValue":11800}}"""
                .formatted(invoiceNumber, date, financialYear, SELLER_GSTIN);
    }

    /**
     * The same invoice for goods (an e-way bill needs at least one goods line), with {@code ewayBillDetails} when
     * not null, so that the IRN and its e-way bill are asked for in one call.
     */
    String goodsBody(String invoiceNumber, String ewayBillDetails) {
        String goods = body(invoiceNumber).replace("\"productDescription\":\"Consulting services\",\"isService\":true,\"hsnCode\":\"998314\"",
                "\"productDescription\":\"Steel racks\",\"isService\":false,\"hsnCode\":\"94032010\",\"quantity\":1,\"unit\":\"NOS\"");
        if (!goods.contains("\"isService\":false")) {
            throw new IllegalStateException("the service line of the invoice body changed; goodsBody no longer matches it");
        }
        if (ewayBillDetails == null) {
            return goods;
        }
        return goods.substring(0, goods.lastIndexOf('}')) + ",\"ewayBillDetails\":" + ewayBillDetails + "}";
    }

    /** The same document as NIC INV-01 JSON, for calling the IRP directly. */
    String nicBody(String invoiceNumber) {
        EInvoiceRequest request = JSON.readValue(body(invoiceNumber), EInvoiceRequest.class);
        return NicJson.mapper().writeValueAsString(NicInvoiceMapper.toNic(request));
    }
}
