package dev.openirn.gst.api;

import java.math.BigDecimal;

/** Invoice totals: the roll-up of every line plus invoice-level discount, charges and round-off. */
public record Totals(
        BigDecimal assessableValue,
        BigDecimal totalCgstValue,
        BigDecimal totalSgstValue,
        BigDecimal totalIgstValue,
        BigDecimal totalCessValue,
        BigDecimal totalStateCessValue,
        BigDecimal discount,
        BigDecimal otherCharges,
        BigDecimal roundOffAmount,
        BigDecimal totalInvoiceValue,
        BigDecimal totalInvoiceValueForeignCurrency) {
}
