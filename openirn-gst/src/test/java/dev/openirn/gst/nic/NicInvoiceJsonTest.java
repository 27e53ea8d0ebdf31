package dev.openirn.gst.nic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class NicInvoiceJsonTest {

    static NicInvoice mixedCaseFixture() throws Exception {
        try (InputStream in = NicInvoiceJsonTest.class.getResourceAsStream("/dev/openirn/gst/nic-invoice-mixed-case.json")) {
            return NicJson.mapper().readValue(in, NicInvoice.class);
        }
    }

    @Test
    void mixedCaseKeysBindToEveryBlock() throws Exception {
        NicInvoice invoice = mixedCaseFixture();
        assertThat(invoice.version()).isEqualTo("1.1");
        assertThat(invoice.transaction().taxScheme()).isEqualTo("GST");
        assertThat(invoice.document().number()).isEqualTo("RICE/26-27/7");
        assertThat(invoice.seller().gstin()).isEqualTo("29AAFCC9980M1ZR");
        assertThat(invoice.buyer().placeOfSupply()).isEqualTo("27");
        assertThat(invoice.buyer().pin()).isEqualTo(400001);
        Item item = invoice.items().get(0);
        assertThat(item.quantity()).isEqualTo(new BigDecimal("100.345"));
        assertThat(item.batch().name()).isEqualTo("B123");
        assertThat(item.attributes()).containsExactly(new Attribute("Grade", "Premium"));
        assertThat(invoice.payment().accountDetails()).isEqualTo("5697389713210");
        assertThat(invoice.reference().precedingDocuments().get(0).invoiceNumber()).isEqualTo("RICE/26-27/1");
        assertThat(invoice.reference().contracts().get(0).purchaseOrderReference()).isEqualTo("Doc-789");
        assertThat(invoice.export().countryCode()).isEqualTo("AE");
        assertThat(invoice.ewayBill().transporterId()).isEqualTo("12AWGPV7107B1Z1");
        assertThat(invoice.ewayBill().vehicleNumber()).isEqualTo("KA123456");
    }

    @Test
    void reserializesWithCanonicalNamesInSchemaOrderKeepingNumberScale() throws Exception {
        String json = NicJson.mapper().writeValueAsString(mixedCaseFixture());
        assertThat(json).startsWith("{\"Version\":\"1.1\",\"TranDtls\":{\"TaxSch\":\"GST\",\"SupTyp\":\"B2B\"");
        assertThat(json).contains("\"TotInvVal\":12908.00", "\"TotItemVal\":12897.70", "\"ExpDuty\":0.0",
                "\"RndOffAmt\":0.3", "\"Qty\":100.345", "\"FreeQty\":10", "\"BuyerDtls\":{\"Gstin\":\"27AAPFU0939F1ZV\"",
                "\"Pos\":\"27\"", "\"BchDtls\":{\"Nm\":\"B123\"", "\"AccDet\":", "\"TransId\":", "\"VehNo\":");
        assertThat(json).doesNotContain("SomethingNew", "null", "TRANDTLS", "\"POS\"");
        assertThat(json.indexOf("\"ItemList\"")).isLessThan(json.indexOf("\"ValDtls\""));
        assertThat(NicJson.mapper().readValue(json, NicInvoice.class)).isEqualTo(mixedCaseFixture());
    }

    @Test
    void nicDatesParseStrictly() {
        assertThat(NicDate.parse("04/05/2026")).isEqualTo(LocalDate.of(2026, 5, 4));
        assertThat(NicDate.format(LocalDate.of(2026, 5, 4))).isEqualTo("04/05/2026");
        assertThat(NicDate.tryParse("31/02/2026")).isEmpty();
        assertThat(NicDate.tryParse("2026-05-04")).isEmpty();
        assertThat(NicDate.tryParse(null)).isEmpty();
        assertThatThrownBy(() -> NicDate.parse("4/5/2026")).isInstanceOf(DateTimeParseException.class);
    }
}
