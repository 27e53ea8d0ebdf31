package dev.openirn.gst.validation;

import static dev.openirn.gst.validation.Invoices.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceValidatorTest {

    private final InvoiceValidator validator = new InvoiceValidator(Invoices.CLOCK);
    private final NicInvoice valid = Invoices.validFixture();

    private ValidationResult strict(NicInvoice invoice) {
        return validator.validate(invoice, ValidationProfile.STRICT);
    }

    private static List<String> codes(List<Violation> violations) {
        return violations.stream().map(v -> v.code() + "/" + v.nicCode() + "@" + v.path()).toList();
    }

    @Test
    void fullySpecifiedInvoicePassesBothProfiles() {
        assertThat(codes(strict(valid).errors())).isEmpty();
        assertThat(validator.validate(valid, ValidationProfile.LENIENT).warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            Version                      | '"1.0"'              | version.unsupported                   | NULL | Version
            TranDtls.TaxSch              | '"VAT"'              | field.pattern                         | NULL | TranDtls.TaxSch
            TranDtls.SupTyp              | '"B2C"'              | transaction.supply_type_invalid       | NULL | TranDtls.SupTyp
            TranDtls.RegRev              | '"X"'                | transaction.reverse_charge_invalid    | 2159 | TranDtls.RegRev
            TranDtls.IgstOnIntra         | '"X"'                | transaction.igst_on_intra_invalid     | 2263 | TranDtls.IgstOnIntra
            TranDtls.IgstOnIntra         | '"Y"'                | transaction.igst_on_intra_state_mismatch | 2262 | TranDtls.IgstOnIntra
            TranDtls.EcmGstin            | '"29AAFCC9980M1ZR"'  | gstin.ecommerce_not_tcs               | 2195 | TranDtls.EcmGstin
            DocDtls.Typ                  | '"XYZ"'              | document.type_invalid                 | 2161 | DocDtls.Typ
            DocDtls.No                   | '"0RICE/1"'          | document.number_format                | NULL | DocDtls.No
            DocDtls.No                   | '"/RICE1"'           | document.number_format                | NULL | DocDtls.No
            DocDtls.No                   | '"-RICE1"'           | document.number_format                | NULL | DocDtls.No
            DocDtls.No                   | '"RICE_1"'           | document.number_format                | NULL | DocDtls.No
            DocDtls.No                   | '"ABCDEFGHIJ1234567"'| document.number_length                | NULL | DocDtls.No
            DocDtls.No                   | NULL                 | field.required                        | NULL | DocDtls.No
            DocDtls.Dt                   | '"2026-05-04"'       | document.date_format                  | 2144 | DocDtls.Dt
            DocDtls.Dt                   | '"05/05/2026"'       | document.date_in_future               | 2163 | DocDtls.Dt
            SellerDtls.Gstin             | '"29AAFCC9980M1ZX"'  | gstin.check_character                 | NULL | SellerDtls.Gstin
            SellerDtls.Gstin             | '"29aafcc9980m1zr"'  | gstin.format                          | NULL | SellerDtls.Gstin
            SellerDtls.Gstin             | '"URP"'              | gstin.supplier_urp                    | 2213 | SellerDtls.Gstin
            SellerDtls.Stcd              | '"27"'               | gstin.state_mismatch                  | 2258 | SellerDtls.Stcd
            SellerDtls.Stcd              | '"40"'               | state.invalid_supplier                | 2259 | SellerDtls.Stcd
            SellerDtls.Stcd              | '"96"'               | state.invalid_supplier                | 2259 | SellerDtls.Stcd
            SellerDtls.Pin               | 400001               | pin.state_mismatch                    | 2178 | SellerDtls.Pin
            SellerDtls.Pin               | 56000                | field.range                           | NULL | SellerDtls.Pin
            SellerDtls.Loc               | '"MysuruMysuruMysuruMysuruMysuruMysuruMysuruMysuruMys"' | field.length | NULL | SellerDtls.Loc
            SellerDtls.LglNm             | '"Paddy \\"Mills\\""'| field.characters                      | NULL | SellerDtls.LglNm
            SellerDtls.LglNm             | NULL                 | field.required                        | NULL | SellerDtls.LglNm
            SellerDtls.Ph                | '"12ab"'             | field.pattern                         | NULL | SellerDtls.Ph
            BuyerDtls.Gstin              | '"29AAFCC9980M1ZR"'  | gstin.same_supplier_recipient         | 2211 | BuyerDtls.Gstin
            BuyerDtls.Gstin              | '"URP"'              | supply.recipient_urp_not_allowed      | 2212 | BuyerDtls.Gstin
            BuyerDtls.Stcd               | '"29"'               | gstin.recipient_state_mismatch        | 2265 | BuyerDtls.Stcd
            BuyerDtls.Stcd               | '"45"'               | state.invalid_recipient               | 2260 | BuyerDtls.Stcd
            BuyerDtls.Pos                | '"96"'               | supply.pos_other_country_not_allowed  | 2242 | BuyerDtls.Pos
            BuyerDtls.Pos                | '"45"'               | state.invalid_place_of_supply         | 2243 | BuyerDtls.Pos
            BuyerDtls.Pin                | NULL                 | pin.recipient_required                | 2244 | BuyerDtls.Pin
            BuyerDtls.Em                 | '"not-an-email"'     | field.pattern                         | NULL | BuyerDtls.Em
            DispDtls.Stcd                | '"41"'               | state.invalid_dispatch_or_ship        | 2200 | DispDtls.Stcd
            ShipDtls.Pin                 | 560001               | pin.state_mismatch                    | 2178 | ShipDtls.Pin
            ShipDtls.Gstin               | '"27AAPFU0939F1ZA"'  | gstin.check_character                 | NULL | ShipDtls.Gstin
            ItemList                     | '[]'                 | items.empty                           | 2228 | ItemList
            ItemList[0].SlNo             | '"A"'                | field.pattern                         | NULL | ItemList[0].SlNo
            ItemList[0].IsServc          | '"X"'                | field.pattern                         | NULL | ItemList[0].IsServc
            ItemList[0].HsnCd            | '"123"'              | hsn.invalid                           | 2176 | ItemList[0].HsnCd
            ItemList[0].HsnCd            | '"10063"'            | hsn.invalid                           | 2176 | ItemList[0].HsnCd
            ItemList[0].HsnCd            | '"00000000"'         | hsn.invalid                           | 2176 | ItemList[0].HsnCd
            ItemList[0].HsnCd            | '"998314"'           | hsn.service_mismatch                  | NULL | ItemList[0].HsnCd
            ItemList[0].Qty              | NULL                 | item.quantity_required                | 2238 | ItemList[0].Qty
            ItemList[0].Qty              | 100.3451             | field.decimal_places                  | NULL | ItemList[0].Qty
            ItemList[0].Unit             | NULL                 | item.unit_required                    | 2239 | ItemList[0].Unit
            ItemList[0].Unit             | '"XYZ"'              | item.unit_invalid                     | 2177 | ItemList[0].Unit
            ItemList[0].GstRt            | 17                   | item.gst_rate_invalid                 | 2240 | ItemList[0].GstRt
            ItemList[0].Discount         | -1                   | field.range                           | NULL | ItemList[0].Discount
            ItemList[0].TotAmt           | 9999.84              | item.assessable_amount                | 2193 | ItemList[0].AssAmt
            ItemList[0].TotAmt           | 9988.841             | field.decimal_places                  | NULL | ItemList[0].TotAmt
            ItemList[0].IgstAmt          | 1000                 | tax.igst_amount                       | 2235 | ItemList[0].IgstAmt
            ItemList[0].CgstAmt          | 5                    | tax.igst_and_cgst_sgst                | 2174 | ItemList[0].IgstAmt
            ItemList[0].CesAmt           | 400                  | tax.cess_amount                       | 2266 | ItemList[0].CesAmt
            ItemList[0].StateCesAmt      | 400                  | tax.state_cess_amount                 | 2267 | ItemList[0].StateCesAmt
            ItemList[0].TotItemVal       | 12890.70             | item.total_item_value                 | 2194 | ItemList[0].TotItemVal
            ItemList[0].BchDtls.ExpDt    | '"2026"'             | field.date_format                     | NULL | ItemList[0].BchDtls.ExpDt
            ItemList[0].OrgCntry         | '"IND"'              | field.pattern                         | NULL | ItemList[0].OrgCntry
            ValDtls.AssVal               | 9970.84              | totals.assessable_value               | 2182 | ValDtls.AssVal
            ValDtls.CgstVal              | 5                    | totals.cgst_value                     | 2184 | ValDtls.CgstVal
            ValDtls.SgstVal              | 5                    | totals.sgst_value                     | 2183 | ValDtls.SgstVal
            ValDtls.IgstVal              | 1190                 | totals.igst_value                     | 2185 | ValDtls.IgstVal
            ValDtls.CesVal               | 498.94               | totals.cess_value                     | 2186 | ValDtls.CesVal
            ValDtls.StCesVal             | 1197.46              | totals.state_cess_value               | 2187 | ValDtls.StCesVal
            ValDtls.TotInvVal            | 12900                | totals.total_invoice_value            | 2189 | ValDtls.TotInvVal
            ValDtls.RndOffAmt            | 100                  | totals.round_off_range                | NULL | ValDtls.RndOffAmt
            ValDtls.Discount             | 20000                | totals.discount_too_large             | 2220 | ValDtls.Discount
            ValDtls.TotInvVal            | NULL                 | field.required                        | NULL | ValDtls.TotInvVal
            PayDtls.CrDay                | 10000                | field.range                           | NULL | PayDtls.CrDay
            RefDtls.PrecDocDtls[0].InvNo | '"0X"'               | field.pattern                         | NULL | RefDtls.PrecDocDtls[0].InvNo
            RefDtls.DocPerdDtls.InvEndDt | NULL                 | field.required                        | NULL | RefDtls.DocPerdDtls.InvEndDt
            ExpDtls.CntCode              | '"ae"'               | export.country_invalid                | 2202 | ExpDtls.CntCode
            ExpDtls.ForCur               | '"A1"'               | export.currency_invalid               | 2203 | ExpDtls.ForCur
            ExpDtls.Port                 | '"I"'                | export.port_invalid                   | 2201 | ExpDtls.Port
            EwbDtls.Distance             | 5000                 | field.range                           | NULL | EwbDtls.Distance
            EwbDtls.VehNo                | NULL                 | ewaybill.vehicle_required             | 2253 | EwbDtls.VehNo
            EwbDtls.TransMode            | '"9"'                | field.pattern                         | NULL | EwbDtls.TransMode
            AddlDocDtls[0]               | '{"Url":"ab"}'       | field.length                          | NULL | AddlDocDtls[0].Url
            """)
    void eachBrokenFieldIsReportedWithItsCode(String path, String value, String code, String nicCode, String reportedAt) {
        ValidationResult result = strict(with(valid, path, value));
        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).anySatisfy(v -> {
            assertThat(v.code()).isEqualTo(code);
            assertThat(v.nicCode()).isEqualTo(nicCode);
            assertThat(v.path()).isEqualTo(reportedAt);
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        NicInvoice broken = with(with(with(valid, "DocDtls.No", "\"0X\""), "ItemList[0].HsnCd", "\"1\""), "BuyerDtls.Pin", "null");
        assertThat(strict(broken).errors()).extracting(Violation::code)
                .contains("document.number_format", "hsn.invalid", "pin.recipient_required");
    }

    @Test
    void lowerCaseDocumentNumbersAndSingleDigitStateCodesAreAccepted() {
        NicInvoice invoice = with(with(valid, "DocDtls.No", "\"rice/26-27/7\""), "DispDtls.Stcd", "\"29\"");
        assertThat(strict(invoice).errors()).isEmpty();
    }

    @Test
    void duplicateSerialNumbersAreRejected() {
        NicInvoice twoLines = withItems(List.of(valid.items().get(0), valid.items().get(0)));
        assertThat(strict(twoLines).errors()).extracting(Violation::code, Violation::nicCode)
                .contains(org.assertj.core.groups.Tuple.tuple("items.duplicate_serial_number", "2233"));
    }

    @Test
    void moreThanAThousandLinesAreRejected() {
        List<Item> items = new ArrayList<>(Collections.nCopies(1001, valid.items().get(0)));
        assertThat(strict(withItems(items)).errors()).extracting(Violation::code).contains("items.too_many");
        assertThat(strict(withItems(items.subList(0, 1000))).errors()).extracting(Violation::code).doesNotContain("items.too_many");
    }

    @Test
    void reportingWindowIsOffByDefaultAndOptIn() {
        NicInvoice old = with(valid, "DocDtls.Dt", "\"01/03/2026\"");
        assertThat(strict(old).errors()).isEmpty();
        ValidationResult windowed = validator.withReportingWindowDays(30).validate(old, ValidationProfile.STRICT);
        assertThat(windowed.errors()).extracting(Violation::code, Violation::nicCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("document.date_outside_reporting_window", "2305"));
        assertThat(validator.withReportingWindowDays(30).validate(with(valid, "DocDtls.Dt", "\"04/04/2026\""),
                ValidationProfile.STRICT).errors()).isEmpty();
    }

    @Test
    void futureDateIsJudgedInIndianTime() {
        // 2026-05-04T20:00Z is already 5 May in India.
        InvoiceValidator lateEvening = new InvoiceValidator(java.time.Clock.fixed(
                java.time.Instant.parse("2026-05-04T20:00:00Z"), java.time.ZoneOffset.UTC));
        assertThat(lateEvening.validate(with(valid, "DocDtls.Dt", "\"05/05/2026\""), ValidationProfile.STRICT).errors()).isEmpty();
    }

    @Test
    void intraStateNeedsEqualCgstAndSgstAndNoIgst() {
        NicInvoice intra = intraState(valid);
        assertThat(strict(intra).errors()).isEmpty();
        assertThat(strict(with(intra, "ItemList[0].SgstAmt", "598.74")).errors()).extracting(Violation::code)
                .contains("tax.cgst_sgst_unequal");
        NicInvoice igstInstead = with(with(with(intra, "ItemList[0].CgstAmt", "0"), "ItemList[0].SgstAmt", "0"),
                "ItemList[0].IgstAmt", "1197.46");
        igstInstead = with(with(with(igstInstead, "ValDtls.CgstVal", "0"), "ValDtls.SgstVal", "0"), "ValDtls.IgstVal", "1197.46");
        assertThat(codes(strict(igstInstead).errors())).containsExactly("tax.igst_on_intra_state/2172@ItemList[0].IgstAmt");
        ValidationResult lenient = validator.validate(igstInstead, ValidationProfile.LENIENT);
        assertThat(lenient.errors()).isEmpty();
        assertThat(codes(lenient.warnings())).containsExactly("tax.igst_on_intra_state/2172@ItemList[0].IgstAmt");
    }

    @Test
    void interStateCgstSgstIsTheRelaxableConverse() {
        NicInvoice cgstInstead = with(with(with(valid, "ItemList[0].CgstAmt", "598.73"), "ItemList[0].SgstAmt", "598.73"),
                "ItemList[0].IgstAmt", "0");
        cgstInstead = with(with(with(cgstInstead, "ValDtls.CgstVal", "598.73"), "ValDtls.SgstVal", "598.73"), "ValDtls.IgstVal", "0");
        assertThat(codes(strict(cgstInstead).errors())).containsExactly("tax.cgst_sgst_on_inter_state/2174@ItemList[0].CgstAmt");
        assertThat(validator.validate(cgstInstead, ValidationProfile.LENIENT).isValid()).isTrue();
    }

    @Test
    void exportRules() {
        NicInvoice export = export(valid, "EXPWP");
        assertThat(codes(strict(export).errors())).isEmpty();
        assertThat(strict(with(export, "BuyerDtls.Gstin", "\"27AAPFU0939F1ZV\"")).errors()).extracting(Violation::nicCode).contains("2248");
        assertThat(strict(with(export, "BuyerDtls.Pos", "\"27\"")).errors()).extracting(Violation::nicCode).contains("2229");
        assertThat(strict(with(export, "BuyerDtls.Stcd", "\"27\"")).errors()).extracting(Violation::nicCode).contains("2261");
        assertThat(strict(with(export, "BuyerDtls.Pin", "400001")).errors()).extracting(Violation::nicCode).contains("2178");
        assertThat(strict(with(export, "ExpDtls", null)).errors()).extracting(Violation::nicCode).contains("2208");
        assertThat(strict(with(export, "TranDtls.RegRev", "\"Y\"")).errors()).extracting(Violation::nicCode).contains("2162");
        NicInvoice cgst = with(with(export, "ItemList[0].CgstAmt", "598.73"), "ItemList[0].SgstAmt", "598.73");
        cgst = with(with(cgst, "ItemList[0].IgstAmt", "0"), "ValDtls.IgstVal", "0");
        cgst = with(with(cgst, "ValDtls.CgstVal", "598.73"), "ValDtls.SgstVal", "598.73");
        ValidationResult lenient = validator.validate(cgst, ValidationProfile.LENIENT);
        assertThat(codes(lenient.errors())).containsExactly("tax.cgst_sgst_on_export/2180@ItemList[0].CgstAmt");
        NicInvoice withoutPayment = with(with(export(valid, "EXPWOP"), "ItemList[0].IgstAmt", "0"), "ValDtls.IgstVal", "0");
        withoutPayment = with(with(withoutPayment, "ItemList[0].TotItemVal", "11700.24"), "ValDtls.TotInvVal", "11710.54");
        assertThat(codes(strict(withoutPayment).errors())).isEmpty();
    }

    @Test
    void sezAndDeemedExportRules() {
        NicInvoice sez = with(valid, "TranDtls.SupTyp", "\"SEZWP\"");
        assertThat(strict(sez).errors()).isEmpty();
        NicInvoice cgst = with(with(with(intraState(valid), "TranDtls.SupTyp", "\"SEZWP\""), "ItemList[0].CgstAmt", "598.73"),
                "ItemList[0].SgstAmt", "598.73");
        assertThat(codes(validator.validate(cgst, ValidationProfile.LENIENT).errors()))
                .containsExactly("tax.cgst_sgst_on_sez/2237@ItemList[0].CgstAmt");
        NicInvoice deemed = with(with(valid, "TranDtls.SupTyp", "\"DEXP\""), "BuyerDtls.Gstin", "\"URP\"");
        assertThat(strict(deemed).errors()).extracting(Violation::nicCode).contains("2171");
    }

    @Test
    void creditNotesAreNotCheckedAgainstTheRateButNeedNoEwayBill() {
        NicInvoice note = with(with(valid, "DocDtls.Typ", "\"CRN\""), "EwbDtls", null);
        assertThat(strict(note).errors()).isEmpty();
        assertThat(strict(with(valid, "DocDtls.Typ", "\"CRN\"")).errors()).extracting(Violation::nicCode).containsExactly("2252");
    }

    @Test
    void reverseChargeItemTotalMayExcludeTax() {
        NicInvoice rcm = with(with(valid, "TranDtls.RegRev", "\"Y\""), "ItemList[0].TotItemVal", "11700.24");
        rcm = with(rcm, "ValDtls.TotInvVal", "11710.54");
        assertThat(strict(rcm).errors()).isEmpty();
        assertThat(strict(with(rcm, "TranDtls.RegRev", "\"N\"")).errors()).extracting(Violation::nicCode).contains("2194");
    }

    @Test
    void toleranceIsTheNicBandAroundTheCalculatedValue() {
        assertThat(InvoiceValidator.withinTolerance(new java.math.BigDecimal("2344.00"), new java.math.BigDecimal("2345.04"))).isTrue();
        assertThat(InvoiceValidator.withinTolerance(new java.math.BigDecimal("2347.00"), new java.math.BigDecimal("2345.04"))).isTrue();
        assertThat(InvoiceValidator.withinTolerance(new java.math.BigDecimal("2343.99"), new java.math.BigDecimal("2345.04"))).isFalse();
        assertThat(InvoiceValidator.withinTolerance(new java.math.BigDecimal("2347.01"), new java.math.BigDecimal("2345.04"))).isFalse();
    }

    private NicInvoice withItems(List<Item> items) {
        return new NicInvoice(valid.version(), valid.transaction(), valid.document(), valid.seller(), valid.buyer(),
                valid.dispatchFrom(), valid.shipTo(), items, valid.values(), valid.payment(), valid.reference(),
                valid.additionalDocuments(), valid.export(), valid.ewayBill());
    }

    /** The fixture sold inside Karnataka: IGST 1197.46 becomes CGST 598.73 + SGST 598.73. */
    static NicInvoice intraState(NicInvoice valid) {
        NicInvoice intra = with(with(valid, "BuyerDtls.Gstin", "\"29AAACP7879D1Z0\""), "BuyerDtls.Stcd", "\"29\"");
        intra = with(with(with(intra, "BuyerDtls.Pos", "\"29\""), "BuyerDtls.Pin", "560002"), "ShipDtls", null);
        intra = with(with(with(intra, "ItemList[0].IgstAmt", "0"), "ItemList[0].CgstAmt", "598.73"), "ItemList[0].SgstAmt", "598.73");
        return with(with(with(intra, "ValDtls.IgstVal", "0"), "ValDtls.CgstVal", "598.73"), "ValDtls.SgstVal", "598.73");
    }

    static NicInvoice export(NicInvoice valid, String supplyType) {
        NicInvoice export = with(with(valid, "TranDtls.SupTyp", "\"" + supplyType + "\""), "BuyerDtls.Gstin", "\"URP\"");
        export = with(with(with(export, "BuyerDtls.Pos", "\"96\""), "BuyerDtls.Stcd", "\"96\""), "BuyerDtls.Pin", "999999");
        return with(with(export, "ShipDtls", null), "EwbDtls", null);
    }

    @Test
    void fixtureSerializesLosslessly() {
        assertThat(NicJson.mapper().writeValueAsString(with(valid, "Version", "\"1.1\""))).isEqualTo(NicJson.mapper().writeValueAsString(valid));
    }
}
