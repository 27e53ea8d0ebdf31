package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.FieldChecks.MAX_ITEM_AMOUNT;
import static dev.openirn.gst.validation.FieldChecks.MAX_RATE;
import static dev.openirn.gst.validation.FieldChecks.isYesNo;
import static dev.openirn.gst.validation.FieldChecks.percent;
import static dev.openirn.gst.validation.FieldChecks.withinTolerance;
import static dev.openirn.gst.validation.FieldChecks.zero;

import dev.openirn.gst.master.Masters;
import dev.openirn.gst.nic.Attribute;
import dev.openirn.gst.nic.BatchDetails;
import dev.openirn.gst.nic.Item;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The item lines: serial numbers, HSN/SAC codes, units, quantities and each line's own arithmetic
 * (assessable amount, tax heads and amounts against rates, total item value).
 */
final class ItemRules {

    private static final BigDecimal MAX_QUANTITY = new BigDecimal("9999999999.999");
    private static final BigDecimal MAX_UNIT_PRICE = new BigDecimal("999999999999.999");

    private static final Pattern HSN = Pattern.compile("(?!0+$)([0-9]{4}|[0-9]{6}|[0-9]{8})");
    private static final Pattern SERIAL_NUMBER = Pattern.compile("[0-9]{1,6}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z]{3,8}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private final FieldChecks checks;
    private final Masters masters;

    ItemRules(FieldChecks checks) {
        this.checks = checks;
        this.masters = checks.masters();
    }

    void checkItems(List<Item> items, TaxContext tax) {
        if (items == null || items.isEmpty()) {
            checks.error("ItemList", "items.empty", "Item list cannot be empty", "2228");
            return;
        }
        if (items.size() > InvoiceValidator.MAX_ITEMS) {
            checks.error("ItemList", "items.too_many", "You have exceeded the limit of number of items", "2173");
        }
        Set<String> serialNumbers = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String p = "ItemList[" + i + "]";
            Item item = items.get(i);
            if (item == null) {
                checks.error(p, "field.required", "The item is required.", null);
                continue;
            }
            if (checks.required(p + ".SlNo", item.serialNumber())) {
                if (!SERIAL_NUMBER.matcher(item.serialNumber()).matches()) {
                    checks.error(p + ".SlNo", "field.pattern", "The field SlNo must match the regular expression ^([0-9]{1,6})$", null);
                } else if (!serialNumbers.add(String.valueOf(Integer.parseInt(item.serialNumber())))) {
                    checks.error(p + ".SlNo", "items.duplicate_serial_number", "Duplicate SI nos are not allowed in items", "2233");
                }
            }
            checkItem(p, item, tax);
        }
    }

    void checkItem(String p, Item item, TaxContext tax) {
        String hsn = item.hsnCode();
        checks.text(p + ".PrdDesc", item.productDescription(), false, 3, 300);
        boolean serviceKnown = false;
        if (checks.required(p + ".IsServc", item.isService())) {
            serviceKnown = isYesNo(item.isService());
            if (!serviceKnown) {
                checks.error(p + ".IsServc", "field.pattern", "The field IsServc must be Y or N", null);
            }
        }
        boolean service = "Y".equals(item.isService());
        if (checks.required(p + ".HsnCd", hsn)) {
            if (!HSN.matcher(hsn).matches()) {
                checks.error(p + ".HsnCd", "hsn.invalid", "HSN code(s)-" + hsn + " is invalid", "2176");
            } else if (serviceKnown && service != hsn.startsWith("99")) {
                checks.error(p + ".HsnCd", "hsn.service_mismatch", "Mismatch between HSN/SAC and Type of Supply: services use"
                        + " SAC codes of chapter 99, goods do not", null);
            } else {
                checks.hsnInMaster(p + ".HsnCd", hsn);
            }
        }
        checks.text(p + ".Barcde", item.barcode(), false, 3, 30);
        checks.number(p + ".Qty", item.quantity(), 3, MAX_QUANTITY, false);
        checks.number(p + ".FreeQty", item.freeQuantity(), 3, MAX_QUANTITY, false);
        if (serviceKnown && !service && item.quantity() == null) {
            checks.error(p + ".Qty", "item.quantity_required", "Quantity is required for HSN - " + hsn, "2238");
        }
        if (item.unit() != null) {
            if (!UNIT.matcher(item.unit()).matches() || !masters.isUnit(item.unit())) {
                checks.error(p + ".Unit", "item.unit_invalid", "Invalid item unit code(s)-" + item.unit(), "2177");
            }
        } else if (serviceKnown && !service) {
            checks.error(p + ".Unit", "item.unit_required", "Unit is required for HSN - " + hsn, "2239");
        }
        checks.requiredNumber(p + ".UnitPrice", item.unitPrice(), 3, MAX_UNIT_PRICE);
        checks.requiredNumber(p + ".TotAmt", item.totalAmount(), 2, MAX_ITEM_AMOUNT);
        checks.number(p + ".Discount", item.discount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".PreTaxVal", item.preTaxValue(), 2, MAX_ITEM_AMOUNT, false);
        checks.requiredNumber(p + ".AssAmt", item.assessableAmount(), 2, MAX_ITEM_AMOUNT);
        if (checks.requiredNumber(p + ".GstRt", item.gstRate(), 3, MAX_RATE) && !masters.isGstRate(item.gstRate())) {
            checks.error(p + ".GstRt", "item.gst_rate_invalid", "Invalid GST rate for HSN -" + hsn, "2240");
        }
        checks.number(p + ".IgstAmt", item.igstAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".CgstAmt", item.cgstAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".SgstAmt", item.sgstAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".CesRt", item.cessRate(), 3, MAX_RATE, false);
        checks.number(p + ".CesAmt", item.cessAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".CesNonAdvlAmt", item.cessNonAdvolAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".StateCesRt", item.stateCessRate(), 3, MAX_RATE, false);
        checks.number(p + ".StateCesAmt", item.stateCessAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".StateCesNonAdvlAmt", item.stateCessNonAdvolAmount(), 2, MAX_ITEM_AMOUNT, false);
        checks.number(p + ".OthChrg", item.otherCharges(), 2, MAX_ITEM_AMOUNT, false);
        checks.requiredNumber(p + ".TotItemVal", item.totalItemValue(), 2, MAX_ITEM_AMOUNT);
        checks.text(p + ".OrdLineRef", item.orderLineReference(), false, 1, 50);
        checks.pattern(p + ".OrgCntry", item.originCountry(), COUNTRY);
        checks.text(p + ".PrdSlNo", item.productSerialNumber(), false, 1, 20);
        BatchDetails batch = item.batch();
        if (batch != null) {
            checks.text(p + ".BchDtls.Nm", batch.name(), true, 3, 20);
            checks.date(p + ".BchDtls.ExpDt", batch.expiryDate(), false);
            checks.date(p + ".BchDtls.WrDt", batch.warrantyDate(), false);
        }
        List<Attribute> attributes = item.attributes();
        if (attributes != null) {
            for (int a = 0; a < attributes.size(); a++) {
                if (attributes.get(a) == null) {
                    checks.error(p + ".AttribDtls[" + a + "]", "field.required", "The attribute is required.", null);
                    continue;
                }
                checks.text(p + ".AttribDtls[" + a + "].Nm", attributes.get(a).name(), false, 1, 100);
                checks.text(p + ".AttribDtls[" + a + "].Val", attributes.get(a).value(), false, 1, 100);
            }
        }
        checkItemArithmetic(p, item, hsn);
        if (checks.computable(item)) {
            checkItemTax(p, item, hsn, tax);
        }
    }

    void checkItemArithmetic(String p, Item item, String hsn) {
        if (!checks.computable(item)) {
            return;
        }
        if (item.totalAmount() != null && item.assessableAmount() != null
                && !withinTolerance(item.assessableAmount(), item.totalAmount().subtract(zero(item.discount())))) {
            checks.error(p + ".AssAmt", "item.assessable_amount", "For HSN - " + hsn + " and Sl. No - " + item.serialNumber()
                    + ", AssAmt value should be equal to (TotAmt - Discount).", "2193");
        }
    }

    void checkItemTax(String p, Item item, String hsn, TaxContext tax) {
        BigDecimal assessable = item.assessableAmount();
        BigDecimal igst = zero(item.igstAmount());
        BigDecimal cgst = zero(item.cgstAmount());
        BigDecimal sgst = zero(item.sgstAmount());
        boolean hasIgst = igst.signum() != 0;
        boolean hasCgstSgst = cgst.signum() != 0 || sgst.signum() != 0;
        boolean igstOnly = tax.igstOnly();
        if (hasIgst && hasCgstSgst) {
            checks.error(p + ".IgstAmt", "tax.igst_and_cgst_sgst", "IGST and CGST/SGST cannot both be charged on item - " + hsn
                    + " and Sl. No " + item.serialNumber(), igstOnly ? "2174" : "2172");
        } else if (igstOnly && hasCgstSgst) {
            if (tax.isExport()) {
                checks.error(p + ".CgstAmt", "tax.cgst_sgst_on_export",
                        "For export transaction CGST and SGST Amounts are not allowed for item -" + hsn, "2180");
            } else if (tax.isSez()) {
                checks.error(p + ".CgstAmt", "tax.cgst_sgst_on_sez", "The recipient tax payer of is of type SEZ, CGST and SGST"
                        + " Amounts are not allowed for HSN -" + hsn, "2237");
            } else {
                checks.relaxable(p + ".CgstAmt", "tax.cgst_sgst_on_inter_state", "For inter state transaction, CGST and SGST"
                        + " Amounts are not applicable for item - " + hsn + ", only Igst Amounts are Applicable", "2174");
            }
        } else if (tax.intraState() && hasIgst) {
            checks.relaxable(p + ".IgstAmt", "tax.igst_on_intra_state", "For intra state transaction IGST amounts is not"
                    + " applicable for item - " + hsn + " and Sl. No " + item.serialNumber()
                    + " , only CGST and SGST amounts are applicable.", "2172");
        }
        if (cgst.compareTo(sgst) != 0) {
            checks.error(p + ".SgstAmt", "tax.cgst_sgst_unequal", "SGST and CGST Amounts should be equal for HSN - " + hsn, "2227");
        }
        // NIC does not check amounts against rates for notes, nor a zero IGST on supplies without payment.
        boolean amountsChecked = assessable != null && !tax.isNote() && !(tax.withoutPayment() && !hasIgst && !hasCgstSgst);
        if (amountsChecked && item.gstRate() != null && !(hasIgst && hasCgstSgst)) {
            BigDecimal expected = percent(assessable, item.gstRate());
            // The head actually used is judged on its amount; a wrong head is reported above on its own.
            boolean usesIgst = hasIgst || (!hasCgstSgst && igstOnly);
            if (usesIgst && !withinTolerance(igst, expected)) {
                checks.error(p + ".IgstAmt", "tax.igst_amount", "IGST amount given with HSN -" + hsn + " is Invalid", "2235");
            } else if (!usesIgst && !withinTolerance(cgst.add(sgst), expected)) {
                checks.error(p + ".CgstAmt", "tax.cgst_sgst_amount", "Invalid SGST and CGST Amounts for HSN - " + hsn + ".", "2234");
            }
        }
        if (amountsChecked && !withinTolerance(zero(item.cessAmount()), percent(assessable, zero(item.cessRate())))) {
            checks.error(p + ".CesAmt", "tax.cess_amount", "Cess amount given with HSN -" + hsn + " is invalid", "2266");
        }
        if (amountsChecked && !withinTolerance(zero(item.stateCessAmount()), percent(assessable, zero(item.stateCessRate())))) {
            checks.error(p + ".StateCesAmt", "tax.state_cess_amount", "State Cess amount given with HSN -" + hsn + " is Invalid", "2267");
        }
        if (assessable != null && item.totalItemValue() != null) {
            BigDecimal withoutGst = assessable.add(zero(item.cessAmount())).add(zero(item.cessNonAdvolAmount()))
                    .add(zero(item.stateCessAmount())).add(zero(item.stateCessNonAdvolAmount()))
                    .add(zero(item.otherCharges()));
            BigDecimal withGst = withoutGst.add(igst).add(cgst).add(sgst);
            boolean ok = withinTolerance(item.totalItemValue(), withGst)
                    || (tax.totalMayExcludeTax() && withinTolerance(item.totalItemValue(), withoutGst));
            if (!ok) {
                checks.error(p + ".TotItemVal", "item.total_item_value", "Invalid total item value for HSN - " + hsn, "2194");
            }
        }
    }
}
