package dev.openirn.gst.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.Item;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class NicInvoiceMapperTest {

    static EInvoiceRequest request(String resource) throws Exception {
        try (InputStream in = NicInvoiceMapperTest.class.getResourceAsStream("/dev/openirn/gst/" + resource)) {
            return NicJson.mapper().readValue(in, EInvoiceRequest.class);
        }
    }

    static NicInvoice nic(String resource) throws Exception {
        try (InputStream in = NicInvoiceMapperTest.class.getResourceAsStream("/dev/openirn/gst/" + resource)) {
            return NicJson.mapper().readValue(in, NicInvoice.class);
        }
    }

    @Test
    void quickstartGetsTheNicDefaults() throws Exception {
        NicInvoice nic = NicInvoiceMapper.toNic(request("quickstart-request.json"));
        assertThat(nic.version()).isEqualTo("1.1");
        assertThat(nic.transaction().taxScheme()).isEqualTo("GST");
        assertThat(nic.transaction().supplyType()).isEqualTo("B2B");
        assertThat(nic.transaction().reverseCharge()).isEqualTo("N");
        assertThat(nic.transaction().igstOnIntra()).isEqualTo("N");
        assertThat(nic.document().date()).isEqualTo("04/05/2026");
        assertThat(nic.seller().pin()).isEqualTo(560001);
        assertThat(nic.buyer().placeOfSupply()).isEqualTo("29");
        Item item = nic.items().get(0);
        assertThat(item.serialNumber()).isEqualTo("1");
        assertThat(item.isService()).isEqualTo("Y");
        assertThat(item.totalAmount()).isEqualByComparingTo("10000");
        assertThat(item.assessableAmount()).isEqualByComparingTo("10000");
        assertThat(nic.values().totalInvoiceValue()).isEqualByComparingTo("11800");
    }

    @Test
    void missingTotalAmountIsUnitPriceTimesQuantityRoundedToPaise() {
        Line line = new Line(1, null, false, "10063010", null, new BigDecimal("100.345"), null, "BAG",
                new BigDecimal("99.545"), null, new BigDecimal("10"), null, null, new BigDecimal("12"), null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        Item item = NicInvoiceMapper.toNic(withLines(line)).items().get(0);
        assertThat(item.totalAmount()).isEqualTo(new BigDecimal("9988.84"));
        assertThat(item.assessableAmount()).isEqualTo(new BigDecimal("9978.84"));
        assertThat(item.isService()).isEqualTo("N");
    }

    @Test
    void mapsEveryFieldToItsNicCounterpart() throws Exception {
        NicInvoice expected = nic("nic-invoice-mixed-case.json");
        NicInvoice mapped = NicInvoiceMapper.toNic(request("full-request.json"));
        // The two fixtures describe the same invoice; they differ only in these deliberate spots.
        assertThat(mapped.transaction().ecommerceGstin()).isEqualTo("29AAFCC9980M1CR");
        assertThat(mapped.ewayBill().transporterId()).isEqualTo("29AAFCC9980M1ZR");
        assertThat(mapped.buyer().tradeName()).isEqualTo("Grain Traders");
        assertThat(mapped.document()).isEqualTo(expected.document());
        assertThat(mapped.seller()).isEqualTo(expected.seller());
        assertThat(mapped.items()).isEqualTo(expected.items());
        assertThat(mapped.values()).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(expected.values());
        assertThat(mapped.payment()).isEqualTo(expected.payment());
        assertThat(mapped.reference()).isEqualTo(expected.reference());
        assertThat(mapped.additionalDocuments()).isEqualTo(expected.additionalDocuments());
        assertThat(mapped.export()).isEqualTo(expected.export());
        assertThat(mapped.dispatchFrom().name()).isEqualTo("Paddy Mills Depot");
        assertThat(mapped.dispatchFrom().address2()).isEqualTo("Gate 4");
        assertThat(mapped.shipTo().address2()).isEqualTo("Dock 2");
        assertThat(mapped.ewayBill().transportDocumentDate()).isEqualTo("04/05/2026");
        assertThat(mapped.items().get(0).batch().expiryDate()).isEqualTo("01/08/2026");
    }

    @Test
    void requestRoundTripsThroughNic() throws Exception {
        EInvoiceRequest request = request("full-request.json");
        assertThat(NicInvoiceMapper.fromNic(NicInvoiceMapper.toNic(request))).isEqualTo(request);
    }

    @Test
    void nicRoundTripsThroughRequest() throws Exception {
        NicInvoice nic = nic("nic-invoice-mixed-case.json");
        EInvoiceRequest request = NicInvoiceMapper.fromNic(nic);
        assertThat(request.financialYear()).isEqualTo("2026-27");
        assertThat(request.invoiceDate()).isEqualTo(LocalDate.of(2026, 5, 4));
        assertThat(request.lines().get(0).isService()).isFalse();
        assertThat(NicInvoiceMapper.toNic(request)).isEqualTo(nic);
    }

    @Test
    void requestJsonUsesCamelCaseNamesAndIsoDates() throws Exception {
        String json = NicJson.mapper().writeValueAsString(request("full-request.json"));
        assertThat(json).contains("\"isService\":false", "\"invoiceDate\":\"2026-05-04\"", "\"pinCode\":\"570001\"",
                "\"expiryDate\":\"2026-08-01\"", "\"totalInvoiceValue\":12908.00");
    }

    @Test
    void translatesNicPathsToRequestPaths() {
        assertThat(NicInvoiceMapper.toRequestPath("ItemList[0].IgstAmt")).isEqualTo("lines[0].igstAmount");
        assertThat(NicInvoiceMapper.toRequestPath("SellerDtls.Gstin")).isEqualTo("seller.gstin");
        assertThat(NicInvoiceMapper.toRequestPath("BuyerDtls.Pos")).isEqualTo("placeOfSupplyStateCode");
        assertThat(NicInvoiceMapper.toRequestPath("BuyerDtls.Pin")).isEqualTo("buyer.pinCode");
        assertThat(NicInvoiceMapper.toRequestPath("DocDtls.No")).isEqualTo("invoiceNumber");
        assertThat(NicInvoiceMapper.toRequestPath("DocDtls.Dt")).isEqualTo("invoiceDate");
        assertThat(NicInvoiceMapper.toRequestPath("TranDtls.RegRev")).isEqualTo("reverseCharge");
        assertThat(NicInvoiceMapper.toRequestPath("ValDtls.TotInvVal")).isEqualTo("totals.totalInvoiceValue");
        assertThat(NicInvoiceMapper.toRequestPath("ItemList[3].BchDtls.ExpDt")).isEqualTo("lines[3].batch.expiryDate");
        assertThat(NicInvoiceMapper.toRequestPath("ItemList[2].AttribDtls[1].Val")).isEqualTo("lines[2].attributes[1].value");
        assertThat(NicInvoiceMapper.toRequestPath("RefDtls.PrecDocDtls[0].InvNo"))
                .isEqualTo("referenceDetails.precedingDocuments[0].invoiceNumber");
        assertThat(NicInvoiceMapper.toRequestPath("DispDtls.Nm")).isEqualTo("dispatchFrom.name");
        assertThat(NicInvoiceMapper.toRequestPath("EwbDtls.VehNo")).isEqualTo("ewayBillDetails.vehicleNumber");
        assertThat(NicInvoiceMapper.toRequestPath("ItemList")).isEqualTo("lines");
        assertThat(NicInvoiceMapper.toRequestPath("Mystery.Field")).isEqualTo("Mystery.Field");
    }

    private static EInvoiceRequest withLines(Line line) {
        return new EInvoiceRequest("B2B", "INV", "X1", LocalDate.of(2026, 5, 4), "2026-27", false, false, null, "29",
                null, null, null, null, java.util.List.of(line), null, null, null, null, null, null);
    }
}
