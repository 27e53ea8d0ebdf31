package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.Invoices.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.nic.BuyerDetails;
import dev.openirn.gst.nic.DocumentDetails;
import dev.openirn.gst.nic.ExportDetails;
import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.SellerDetails;
import dev.openirn.gst.nic.TransactionDetails;
import dev.openirn.gst.nic.ValueDetails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Random valid invoices pass; any single corruption is caught with its code. */
class InvoicePropertiesTest {

    private static final String[][] STATES = {{"29", "560"}, {"27", "400"}, {"07", "110"}, {"33", "600"}, {"19", "700"}, {"09", "201"}};
    private static final BigDecimal[] RATES = {new BigDecimal("0"), new BigDecimal("0.25"), new BigDecimal("3"), new BigDecimal("5"),
            new BigDecimal("12"), new BigDecimal("18"), new BigDecimal("28"), new BigDecimal("40")};

    private final InvoiceValidator validator = new InvoiceValidator(Invoices.CLOCK);

    record LineSpec(long assessablePaise, long discountPaise, int rateIndex, int cessRate, long otherChargesPaise,
            boolean service, int quantity) {
    }

    @Provide
    Arbitrary<NicInvoice> invoices() {
        Arbitrary<String> supplyType = Arbitraries.of("B2B-INTRA", "B2B-INTER", "EXPWP", "EXPWOP", "SEZWP", "SEZWOP", "DEXP");
        Arbitrary<String> docType = Arbitraries.of("INV", "CRN", "DBN");
        Arbitrary<LineSpec> line = Combinators.combine(
                Arbitraries.longs().between(10_000, 100_000_000L), Arbitraries.longs().between(0, 100_000L),
                Arbitraries.integers().between(0, RATES.length - 1), Arbitraries.of(0, 0, 1, 12),
                Arbitraries.longs().between(0, 50_000L), Arbitraries.of(true, false), Arbitraries.integers().between(1, 500))
                .as(LineSpec::new);
        Arbitrary<List<LineSpec>> lines = Arbitraries.oneOf(line.list().ofMinSize(1).ofMaxSize(5), line.list().ofMinSize(50).ofMaxSize(300));
        return Combinators.combine(supplyType, docType, Arbitraries.integers().between(0, STATES.length - 1),
                Arbitraries.integers().between(0, STATES.length - 1), lines, Arbitraries.strings().withCharRange('A', 'Z').ofLength(10),
                Arbitraries.integers().between(-99, 99), Arbitraries.of(true, false))
                .as(InvoicePropertiesTest::invoice);
    }

    static NicInvoice invoice(String kind, String docType, int sellerIndex, int buyerIndex, List<LineSpec> specs, String letters,
            int roundOffPaise, boolean reverseCharge) {
        String[] sellerState = STATES[sellerIndex];
        boolean intra = kind.equals("B2B-INTRA");
        String[] buyerState = intra ? sellerState : STATES[buyerIndex == sellerIndex ? (buyerIndex + 1) % STATES.length : buyerIndex];
        String supplyType = kind.startsWith("B2B") ? "B2B" : kind;
        boolean export = supplyType.startsWith("EXP");
        boolean withoutPayment = supplyType.endsWith("WOP");
        String sellerGstin = gstin(sellerState[0], letters.substring(0, 5), '1');
        String buyerGstin = export ? Gstin.UNREGISTERED : gstin(buyerState[0], letters.substring(5, 10), '2');
        List<Item> items = new ArrayList<>();
        BigDecimal ass = BigDecimal.ZERO, cgstTotal = BigDecimal.ZERO, igstTotal = BigDecimal.ZERO, cessTotal = BigDecimal.ZERO, total = BigDecimal.ZERO;
        for (int i = 0; i < specs.size(); i++) {
            LineSpec s = specs.get(i);
            BigDecimal assessable = BigDecimal.valueOf(s.assessablePaise(), 2);
            BigDecimal discount = BigDecimal.valueOf(s.discountPaise(), 2);
            BigDecimal rate = RATES[s.rateIndex()];
            BigDecimal tax = withoutPayment ? BigDecimal.ZERO.setScale(2) : assessable.multiply(rate).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            BigDecimal half = tax.divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
            BigDecimal cgst = intra ? half : BigDecimal.ZERO;
            BigDecimal igst = intra ? BigDecimal.ZERO : tax;
            BigDecimal cess = assessable.multiply(BigDecimal.valueOf(s.cessRate())).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            BigDecimal other = BigDecimal.valueOf(s.otherChargesPaise(), 2);
            BigDecimal itemTotal = assessable.add(cgst).add(cgst).add(igst).add(cess).add(other);
            BigDecimal totalAmount = assessable.add(discount);
            items.add(new Item(String.valueOf(i + 1), "Line " + (i + 1), s.service() ? "Y" : "N", s.service() ? "998314" : "61149090", null,
                    s.service() ? null : BigDecimal.valueOf(s.quantity()), null, s.service() ? null : "NOS",
                    totalAmount.divide(BigDecimal.valueOf(s.quantity()), 3, RoundingMode.HALF_UP), totalAmount, discount, null,
                    assessable, rate, igst, cgst, cgst, BigDecimal.valueOf(s.cessRate()), cess, null, null, null, null, other,
                    itemTotal, null, null, null, null, null));
            ass = ass.add(assessable);
            cgstTotal = cgstTotal.add(cgst);
            igstTotal = igstTotal.add(igst);
            cessTotal = cessTotal.add(cess);
            total = total.add(itemTotal);
        }
        BigDecimal roundOff = BigDecimal.valueOf(roundOffPaise, 2);
        return new NicInvoice("1.1",
                new TransactionDetails("GST", supplyType, reverseCharge && !export && !supplyType.equals("DEXP") ? "Y" : "N", null, "N"),
                new DocumentDetails(docType, "INV/26-27/" + letters.substring(0, 3), "04/05/2026"),
                new SellerDetails(sellerGstin, "Seller " + letters, null, "1 Main Road", null, "Sellerton", Integer.valueOf(sellerState[1] + "001"),
                        sellerState[0], null, null),
                new BuyerDetails(buyerGstin, "Buyer " + letters, null, export ? "96" : buyerState[0], "2 Side Road", null, "Buyerton",
                        export ? 999999 : Integer.valueOf(buyerState[1] + "002"), export ? "96" : buyerState[0], null, null),
                null, null, items,
                new ValueDetails(ass, cgstTotal, cgstTotal, igstTotal, cessTotal, BigDecimal.ZERO, null, null, roundOff,
                        total.add(roundOff), null),
                null, null, null,
                export ? new ExportDetails("SB1", "03/05/2026", "INMAA1", "N", "USD", "US", null) : null, null);
    }

    /** Seller and buyer get different entity numbers so that they never share a GSTIN. */
    private static String gstin(String state, String letters, char entity) {
        String first14 = state + letters + "1234F" + entity + "Z";
        return first14 + Gstin.checkCharacter(first14);
    }

    @Property(tries = 300)
    void randomValidInvoicesPassStrict(@ForAll("invoices") NicInvoice invoice) {
        ValidationResult result = validator.validate(invoice, ValidationProfile.STRICT);
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
    }

    record Corruption(String name, UnaryOperator<NicInvoice> apply, String code) {
    }

    private static BigDecimal plusFive(NicInvoice invoice, String path) {
        return new BigDecimal(Invoices.get(invoice, path)).add(BigDecimal.valueOf(5));
    }

    static final List<Corruption> CORRUPTIONS = List.of(
            new Corruption("number starts with 0", i -> with(i, "DocDtls.No", "\"0INV\""), "document.number_format"),
            new Corruption("number too long", i -> with(i, "DocDtls.No", "\"A2345678901234567\""), "document.number_length"),
            new Corruption("future date", i -> with(i, "DocDtls.Dt", "\"05/05/2026\""), "document.date_in_future"),
            new Corruption("bad date", i -> with(i, "DocDtls.Dt", "\"31/02/2026\""), "document.date_format"),
            new Corruption("doc type", i -> with(i, "DocDtls.Typ", "\"INX\""), "document.type_invalid"),
            new Corruption("seller check char", i -> with(i, "SellerDtls.Gstin",
                    "\"" + flipLast(i.seller().gstin()) + "\""), "gstin.check_character"),
            new Corruption("seller pin", i -> with(i, "SellerDtls.Pin", "999999"), "pin.state_mismatch"),
            new Corruption("seller state", i -> with(i, "SellerDtls.Stcd", "\"" + ("32".equals(i.seller().stateCode()) ? "33" : "32") + "\""),
                    "gstin.state_mismatch"),
            new Corruption("pos", i -> with(i, "BuyerDtls.Pos", "\"45\""), "state.invalid_place_of_supply"),
            new Corruption("hsn", i -> with(i, "ItemList[0].HsnCd", "\"12\""), "hsn.invalid"),
            new Corruption("rate", i -> with(i, "ItemList[0].GstRt", "17"), "item.gst_rate_invalid"),
            new Corruption("serial number", i -> with(i, "ItemList[0].SlNo", "\"x\""), "field.pattern"),
            new Corruption("item total", i -> with(i, "ItemList[0].TotItemVal", plusFive(i, "ItemList[0].TotItemVal").toPlainString()),
                    "item.total_item_value"),
            new Corruption("assessable", i -> with(i, "ItemList[0].TotAmt", plusFive(i, "ItemList[0].TotAmt").toPlainString()),
                    "item.assessable_amount"),
            new Corruption("decimals", i -> with(i, "ItemList[0].OthChrg", "0.001"), "field.decimal_places"),
            new Corruption("taxable total", i -> with(i, "ValDtls.AssVal", plusFive(i, "ValDtls.AssVal").toPlainString()),
                    "totals.assessable_value"),
            new Corruption("invoice total", i -> with(i, "ValDtls.TotInvVal", plusFive(i, "ValDtls.TotInvVal").toPlainString()),
                    "totals.total_invoice_value"),
            new Corruption("round off", i -> with(i, "ValDtls.RndOffAmt", "100"), "totals.round_off_range"),
            new Corruption("duplicate line", i -> with(i, "ItemList", "[" + Invoices.get(i, "ItemList[0]") + ","
                    + Invoices.get(i, "ItemList[0]") + "]"), "items.duplicate_serial_number"),
            new Corruption("no lines", i -> with(i, "ItemList", "[]"), "items.empty"));

    private static String flipLast(String gstin) {
        char wrong = gstin.charAt(14) == '0' ? '1' : '0';
        return gstin.substring(0, 14) + wrong;
    }

    @Property(tries = 400)
    void everySingleCorruptionIsCaughtWithItsCode(@ForAll("invoices") NicInvoice invoice,
            @ForAll @IntRange(min = 0, max = 19) int which) {
        Corruption corruption = CORRUPTIONS.get(which);
        ValidationResult result = validator.validate(corruption.apply().apply(invoice), ValidationProfile.STRICT);
        assertThat(result.errors()).as(corruption.name()).extracting(Violation::code).contains(corruption.code());
    }

    @Property(tries = 100)
    void wrongTaxHeadIsAWarningOnlyWhenLenient(@ForAll("invoices") NicInvoice invoice) {
        boolean b2b = invoice.transaction().supplyType().equals("B2B");
        boolean intra = invoice.seller().stateCode().equals(invoice.buyer().placeOfSupply());
        Item first = invoice.items().get(0);
        BigDecimal tax = first.igstAmount().add(first.cgstAmount()).add(first.sgstAmount());
        if (!b2b || !intra || tax.signum() == 0) {
            return;
        }
        // Charge the line's whole tax as IGST, keeping every total consistent.
        NicInvoice moved = with(with(with(invoice, "ItemList[0].IgstAmt", tax.toPlainString()), "ItemList[0].CgstAmt", "0"),
                "ItemList[0].SgstAmt", "0");
        BigDecimal cgstVal = invoice.values().cgstValue().subtract(first.cgstAmount());
        moved = with(with(with(moved, "ValDtls.IgstVal", invoice.values().igstValue().add(tax).toPlainString()),
                "ValDtls.CgstVal", cgstVal.toPlainString()), "ValDtls.SgstVal", cgstVal.toPlainString());
        ValidationResult lenient = validator.validate(moved, ValidationProfile.LENIENT);
        assertThat(lenient.errors()).isEmpty();
        assertThat(lenient.warnings()).extracting(Violation::nicCode).containsExactly("2172");
        assertThat(validator.validate(moved, ValidationProfile.STRICT).errors()).extracting(Violation::nicCode).containsExactly("2172");
    }
}
