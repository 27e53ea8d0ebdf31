package dev.openirn.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a CSV or Excel import: one row per line item; the document columns repeat on every row of a
 * document (rows with the same seller GSTIN, document type and invoice number form one document, in file order).
 */
final class Columns {

    enum Kind { TEXT, GSTIN, DATE, STATE, PIN, NUMBER, BOOLEAN, DOCUMENT_TYPE, SUPPLY_TYPE, HSN, INVOICE_NUMBER }

    record Column(String name, boolean document, boolean required, Kind kind, String meaning) {
    }

    static final List<Column> ALL = List.of(
            doc("supplyType", false, Kind.SUPPLY_TYPE, "B2B (default), SEZWP, SEZWOP, EXPWP, EXPWOP, DEXP"),
            doc("documentType", true, Kind.DOCUMENT_TYPE, "INV, CRN (credit note) or DBN (debit note)"),
            doc("invoiceNumber", true, Kind.INVOICE_NUMBER, "document number, up to 16 characters: letters, digits, / and -"),
            doc("invoiceDate", true, Kind.DATE, "YYYY-MM-DD or DD/MM/YYYY"),
            doc("financialYear", false, Kind.TEXT, "e.g. 2026-27; derived from invoiceDate when empty"),
            doc("reverseCharge", false, Kind.BOOLEAN, "Y or N (default N)"),
            doc("placeOfSupplyStateCode", false, Kind.STATE, "two-digit state code; the buyer's state when empty"),
            doc("sellerGstin", true, Kind.GSTIN, "seller GSTIN"),
            doc("sellerLegalName", true, Kind.TEXT, ""),
            doc("sellerTradeName", false, Kind.TEXT, ""),
            doc("sellerAddress1", true, Kind.TEXT, ""),
            doc("sellerAddress2", false, Kind.TEXT, ""),
            doc("sellerLocation", true, Kind.TEXT, "city"),
            doc("sellerPinCode", true, Kind.PIN, "six digits"),
            doc("sellerStateCode", true, Kind.STATE, "two digits"),
            doc("buyerGstin", true, Kind.GSTIN, "buyer GSTIN, or URP for an unregistered foreign buyer"),
            doc("buyerLegalName", true, Kind.TEXT, ""),
            doc("buyerTradeName", false, Kind.TEXT, ""),
            doc("buyerAddress1", true, Kind.TEXT, ""),
            doc("buyerAddress2", false, Kind.TEXT, ""),
            doc("buyerLocation", true, Kind.TEXT, "city"),
            doc("buyerPinCode", true, Kind.PIN, "six digits"),
            doc("buyerStateCode", true, Kind.STATE, "two digits"),
            doc("otherCharges", false, Kind.NUMBER, "document-level other charges, added to the invoice value"),
            doc("roundOffAmount", false, Kind.NUMBER, "document-level round-off, added to the invoice value"),
            line("lineNumber", false, Kind.NUMBER, "1, 2, …; numbered in file order when empty"),
            line("productDescription", true, Kind.TEXT, ""),
            line("isService", true, Kind.BOOLEAN, "Y for a service (SAC code), N for goods"),
            line("hsnCode", true, Kind.HSN, "HSN or SAC code, 4 to 8 digits"),
            line("quantity", false, Kind.NUMBER, ""),
            line("unit", false, Kind.TEXT, "unit quantity code, e.g. NOS, KGS"),
            line("unitPrice", true, Kind.NUMBER, ""),
            line("discount", false, Kind.NUMBER, ""),
            line("assessableValue", true, Kind.NUMBER, "taxable value of the line"),
            line("gstRate", true, Kind.NUMBER, "e.g. 18"),
            line("igstAmount", false, Kind.NUMBER, "inter-state tax"),
            line("cgstAmount", false, Kind.NUMBER, "intra-state tax, with sgstAmount"),
            line("sgstAmount", false, Kind.NUMBER, ""),
            line("cessAmount", false, Kind.NUMBER, ""),
            line("totalItemValue", true, Kind.NUMBER, "assessableValue + taxes + cess (within 1.00)"));

    static final Map<String, Column> BY_NAME = byName();

    private Columns() {
    }

    private static Column doc(String name, boolean required, Kind kind, String meaning) {
        return new Column(name, true, required, kind, meaning);
    }

    private static Column line(String name, boolean required, Kind kind, String meaning) {
        return new Column(name, false, required, kind, meaning);
    }

    private static Map<String, Column> byName() {
        Map<String, Column> byName = new LinkedHashMap<>();
        ALL.forEach(column -> byName.put(column.name().toLowerCase(), column));
        return byName;
    }

    /** A spreadsheet column letter for a 0-based index: 0 → A, 26 → AA. */
    static String letter(int index) {
        StringBuilder letters = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            letters.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return letters.toString();
    }
}
