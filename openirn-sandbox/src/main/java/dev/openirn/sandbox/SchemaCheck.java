package dev.openirn.sandbox;

import dev.openirn.gst.DocumentNumber;
import dev.openirn.gst.nic.NicDate;
import dev.openirn.nic.NicError;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The schema checks the sandbox needs to register a document safely (required fields, document
 * number, date, GSTIN shapes). Full NIC business rules come from openirn-gst's validator.
 */
final class SchemaCheck {

    private static final Pattern DATE = Pattern.compile("[0-3][0-9]/[0-1][0-9]/20[1-2][0-9]");
    private static final Pattern GSTIN = Pattern.compile("[0-9]{2}[0-9A-Z]{13}");
    private static final Pattern BUYER_GSTIN = Pattern.compile("[0-9]{2}[0-9A-Z]{13}|URP");
    private static final Pattern DOC_TYPE = Pattern.compile("(?i)INV|CRN|DBN");

    private final List<NicError> errors = new ArrayList<>();

    private SchemaCheck() {
    }

    /** Every violation at once, as NIC reports them. */
    static List<NicError> check(JsonNode invoice) {
        SchemaCheck check = new SchemaCheck();
        check.run(invoice);
        return check.errors;
    }

    private void run(JsonNode invoice) {
        required(invoice, "Version", "Version");
        JsonNode tran = requiredObject(invoice, "TranDtls", "Transaction Details");
        required(tran, "TaxSch", "Tax Scheme");
        required(tran, "SupTyp", "Supply Type");
        JsonNode doc = requiredObject(invoice, "DocDtls", "Document Details");
        matches(doc, "Typ", "Document Type", DOC_TYPE);
        matches(doc, "No", "Document Number", DocumentNumber.PATTERN);
        if (matches(doc, "Dt", "Document Date", DATE) && parseDate(doc.get("Dt").asString()) == null) {
            errors.add(NicError.schema("The field Document Date must be a valid date in dd/MM/yyyy format"));
        }
        JsonNode seller = requiredObject(invoice, "SellerDtls", "Seller Details");
        matches(seller, "Gstin", "Supplier GSTIN", GSTIN);
        for (String name : List.of("LglNm", "Addr1", "Loc", "Pin", "Stcd")) {
            required(seller, name, "Seller " + name);
        }
        JsonNode buyer = requiredObject(invoice, "BuyerDtls", "Buyer Details");
        matches(buyer, "Gstin", "Buyer GSTIN", BUYER_GSTIN);
        for (String name : List.of("LglNm", "Pos", "Addr1", "Loc", "Stcd")) {
            required(buyer, name, "Buyer " + name);
        }
        JsonNode items = invoice.get("ItemList");
        if (items == null || !items.isArray() || items.isEmpty()) {
            errors.add(NicError.schema("The ItemList field is required."));
        } else {
            for (JsonNode item : items) {
                for (String name : List.of("SlNo", "IsServc", "HsnCd", "UnitPrice", "TotAmt", "AssAmt", "GstRt", "TotItemVal")) {
                    required(item, name, "Item " + name);
                }
            }
        }
        JsonNode values = requiredObject(invoice, "ValDtls", "Value Details");
        numeric(values, "AssVal", "Assessable Value");
        numeric(values, "TotInvVal", "Total Invoice Value");
    }

    /** A real {@code dd/MM/yyyy} date, or null. */
    static LocalDate parseDate(String text) {
        return NicDate.tryParse(text).orElse(null);
    }

    private JsonNode requiredObject(JsonNode parent, String name, String label) {
        JsonNode value = parent == null ? null : parent.get(name);
        if (value == null || !value.isObject()) {
            errors.add(NicError.schema("The " + label + " field is required."));
            return null;
        }
        return value;
    }

    private boolean required(JsonNode parent, String name, String label) {
        if (parent == null) {
            return false;
        }
        JsonNode value = parent.get(name);
        if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
            errors.add(NicError.schema("The " + label + " field is required."));
            return false;
        }
        return true;
    }

    private boolean matches(JsonNode parent, String name, String label, Pattern pattern) {
        if (!required(parent, name, label)) {
            return false;
        }
        JsonNode value = parent.get(name);
        if (!value.isString() || !pattern.matcher(value.asString()).matches()) {
            errors.add(NicError.schema("The field " + label + " must match the regular expression '" + pattern.pattern() + "'."));
            return false;
        }
        return true;
    }

    private void numeric(JsonNode parent, String name, String label) {
        if (required(parent, name, label) && !parent.get(name).isNumber()) {
            errors.add(NicError.schema("The field " + label + " must be a number."));
        }
    }
}
