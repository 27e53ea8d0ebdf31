package dev.openirn.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Filters of {@code GET /v1/einvoices}; every setter returns this query. */
public final class EInvoiceQuery {
    private final Map<String, String> parameters = new LinkedHashMap<>();

    public static EInvoiceQuery all() {
        return new EInvoiceQuery();
    }

    /** Page size, 1–100 (the server's default is 10). */
    public EInvoiceQuery limit(int limit) {
        return set("limit", Integer.toString(limit));
    }

    public EInvoiceQuery status(String status) {
        return set("status", status);
    }

    public EInvoiceQuery sellerGstin(String gstin) {
        return set("sellerGstin", gstin);
    }

    public EInvoiceQuery buyerGstin(String gstin) {
        return set("buyerGstin", gstin);
    }

    public EInvoiceQuery documentType(String documentType) {
        return set("documentType", documentType);
    }

    public EInvoiceQuery invoiceNumber(String invoiceNumber) {
        return set("invoiceNumber", invoiceNumber);
    }

    public EInvoiceQuery invoiceDateFrom(LocalDate date) {
        return set("invoiceDate[gte]", date.toString());
    }

    public EInvoiceQuery invoiceDateTo(LocalDate date) {
        return set("invoiceDate[lte]", date.toString());
    }

    public EInvoiceQuery createdFrom(Instant instant) {
        return set("createdAt[gte]", instant.toString());
    }

    public EInvoiceQuery createdTo(Instant instant) {
        return set("createdAt[lte]", instant.toString());
    }

    /** The page of older e-invoices after this id. */
    public EInvoiceQuery startingAfter(String id) {
        return set("startingAfter", id);
    }

    EInvoiceQuery copy() {
        EInvoiceQuery copy = new EInvoiceQuery();
        copy.parameters.putAll(parameters);
        return copy;
    }

    private EInvoiceQuery set(String name, String value) {
        if (value == null) {
            parameters.remove(name);
        } else {
            parameters.put(name, value);
        }
        return this;
    }

    String queryString() {
        if (parameters.isEmpty()) {
            return "";
        }
        return "?" + parameters.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
