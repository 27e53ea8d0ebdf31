package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.FieldChecks.MAX_INVOICE_AMOUNT;
import static dev.openirn.gst.validation.FieldChecks.total;
import static dev.openirn.gst.validation.FieldChecks.withinTolerance;
import static dev.openirn.gst.validation.FieldChecks.zero;

import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.PaymentDetails;
import dev.openirn.gst.nic.ValueDetails;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The invoice totals against the sums of the lines (within NIC's one-rupee tolerance), and the
 * payment block. Sums are only computed over amounts that passed their own range and scale checks.
 */
final class ValueRules {

    private static final BigDecimal MAX_ROUND_OFF = new BigDecimal("99.99");

    private final FieldChecks checks;

    ValueRules(FieldChecks checks) {
        this.checks = checks;
    }

    void checkValues(ValueDetails v, List<Item> items) {
        String p = "ValDtls";
        checks.requiredNumber(p + ".AssVal", v.assessableValue(), 2, MAX_INVOICE_AMOUNT);
        checks.number(p + ".CgstVal", v.cgstValue(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".SgstVal", v.sgstValue(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".IgstVal", v.igstValue(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".CesVal", v.cessValue(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".StCesVal", v.stateCessValue(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".Discount", v.discount(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".OthChrg", v.otherCharges(), 2, MAX_INVOICE_AMOUNT, false);
        if (v.roundOffAmount() != null) {
            checks.decimals(p + ".RndOffAmt", v.roundOffAmount(), 2);
            if (v.roundOffAmount().abs().compareTo(MAX_ROUND_OFF) > 0) {
                checks.markUnusable(v.roundOffAmount());
                checks.error(p + ".RndOffAmt", "totals.round_off_range", "The field rounding off amount must be between 99 and -99", null);
            }
        }
        checks.requiredNumber(p + ".TotInvVal", v.totalInvoiceValue(), 2, MAX_INVOICE_AMOUNT);
        checks.number(p + ".TotInvValFc", v.totalInvoiceValueForeignCurrency(), 2, MAX_INVOICE_AMOUNT, false);
        if (items == null || items.isEmpty() || items.stream().anyMatch(Objects::isNull)) {
            return;
        }
        if (!items.stream().allMatch(checks::computable) || !checks.computable(v.assessableValue(), v.cgstValue(), v.sgstValue(),
                v.igstValue(), v.cessValue(), v.stateCessValue(), v.discount(), v.otherCharges(), v.roundOffAmount(),
                v.totalInvoiceValue())) {
            return;
        }
        sum(p + ".AssVal", v.assessableValue(), items, Item::assessableAmount, null, "totals.assessable_value",
                "Taxable value of all items must be equal to total taxable value", "2182");
        sum(p + ".CgstVal", v.cgstValue(), items, Item::cgstAmount, null, "totals.cgst_value",
                "CGST value of all items must be equal to total CGST value", "2184");
        sum(p + ".SgstVal", v.sgstValue(), items, Item::sgstAmount, null, "totals.sgst_value",
                "SGST value of all items must be equal to total SGST Value", "2183");
        sum(p + ".IgstVal", v.igstValue(), items, Item::igstAmount, null, "totals.igst_value",
                "IGST value of all items must be equal to total IGST Value", "2185");
        sum(p + ".CesVal", v.cessValue(), items, Item::cessAmount, Item::cessNonAdvolAmount, "totals.cess_value",
                "Cess value of all items must be equal to total CessValue", "2186");
        sum(p + ".StCesVal", v.stateCessValue(), items, Item::stateCessAmount, Item::stateCessNonAdvolAmount,
                "totals.state_cess_value", "State Cess Value of all items must be equal to total State CessValue", "2187");
        if (v.totalInvoiceValue() != null) {
            BigDecimal expected = total(items, Item::totalItemValue).add(zero(v.otherCharges()))
                    .subtract(zero(v.discount())).add(zero(v.roundOffAmount()));
            if (!withinTolerance(v.totalInvoiceValue(), expected)) {
                checks.error(p + ".TotInvVal", "totals.total_invoice_value", "Invalid total Invoice Value", "2189");
            }
            if (v.discount() != null && v.discount().signum() > 0 && v.discount().compareTo(v.totalInvoiceValue()) >= 0) {
                checks.error(p + ".Discount", "totals.discount_too_large",
                        "Total discount value cannot be greater than or equal total invoice value", "2220");
            }
        }
    }

    void checkPayment(PaymentDetails pay) {
        String p = "PayDtls";
        checks.text(p + ".Nm", pay.payeeName(), false, 1, 100);
        checks.text(p + ".AccDet", pay.accountDetails(), false, 1, 18);
        checks.text(p + ".Mode", pay.mode(), false, 1, 18);
        checks.text(p + ".FinInsBr", pay.financialInstitutionBranch(), false, 1, 11);
        checks.text(p + ".PayTerm", pay.paymentTerms(), false, 1, 100);
        checks.text(p + ".PayInstr", pay.paymentInstruction(), false, 1, 100);
        checks.text(p + ".CrTrn", pay.creditTransfer(), false, 1, 100);
        checks.text(p + ".DirDr", pay.directDebit(), false, 1, 100);
        if (pay.creditDays() != null && (pay.creditDays() < 0 || pay.creditDays() > 9999)) {
            checks.error(p + ".CrDay", "field.range", "The field CrDay must be between 0 and 9999", null);
        }
        checks.number(p + ".PaidAmt", pay.paidAmount(), 2, MAX_INVOICE_AMOUNT, false);
        checks.number(p + ".PaymtDue", pay.paymentDue(), 2, MAX_INVOICE_AMOUNT, false);
    }

    void sum(String path, BigDecimal declared, List<Item> items, Function<Item, BigDecimal> part,
            Function<Item, BigDecimal> otherPart, String code, String message, String nicCode) {
        BigDecimal expected = total(items, part);
        if (otherPart != null) {
            expected = expected.add(total(items, otherPart));
        }
        if (!withinTolerance(zero(declared), expected)) {
            checks.error(path, code, message, nicCode);
        }
    }
}
