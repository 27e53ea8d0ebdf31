package dev.openirn.gst.api;

import java.math.BigDecimal;
import java.util.List;

/** One invoice line. {@code gstRate} is the combined rate; either IGST or CGST+SGST is charged, never both. */
public record Line(
        Integer lineNumber,
        String productDescription,
        Boolean isService,
        String hsnCode,
        String barcode,
        BigDecimal quantity,
        BigDecimal freeQuantity,
        String unit,
        BigDecimal unitPrice,
        BigDecimal totalAmount,
        BigDecimal discount,
        BigDecimal preTaxValue,
        BigDecimal assessableValue,
        BigDecimal gstRate,
        BigDecimal igstAmount,
        BigDecimal cgstAmount,
        BigDecimal sgstAmount,
        BigDecimal cessRate,
        BigDecimal cessAmount,
        BigDecimal cessNonAdvolAmount,
        BigDecimal stateCessRate,
        BigDecimal stateCessAmount,
        BigDecimal stateCessNonAdvolAmount,
        BigDecimal otherCharges,
        BigDecimal totalItemValue,
        String orderLineReference,
        String originCountry,
        String productSerialNumber,
        Batch batch,
        List<Attribute> attributes) {
}
