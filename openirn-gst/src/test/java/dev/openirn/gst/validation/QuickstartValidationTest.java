package dev.openirn.gst.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.api.EInvoiceRequest;
import dev.openirn.gst.api.NicInvoiceMapper;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class QuickstartValidationTest {

    private final InvoiceValidator validator =
            new InvoiceValidator(Clock.fixed(Instant.parse("2026-05-04T06:00:00Z"), ZoneOffset.UTC));

    private static NicInvoice quickstart() throws Exception {
        try (InputStream in = QuickstartValidationTest.class.getResourceAsStream("/dev/openirn/gst/quickstart-request.json")) {
            return NicInvoiceMapper.toNic(NicJson.mapper().readValue(in, EInvoiceRequest.class));
        }
    }

    @Test
    void quickstartPassesLenientWithExactlyThreeWarnings() throws Exception {
        ValidationResult result = validator.validate(quickstart(), ValidationProfile.LENIENT);
        assertThat(result.errors()).isEmpty();
        assertThat(result.isValid()).isTrue();
        assertThat(result.warnings()).extracting(Violation::path, Violation::code, Violation::nicCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple("SellerDtls.Gstin", "gstin.check_character", null),
                org.assertj.core.groups.Tuple.tuple("BuyerDtls.Gstin", "gstin.check_character", null),
                org.assertj.core.groups.Tuple.tuple("ItemList[0].IgstAmt", "tax.igst_on_intra_state", "2172"));
        assertThat(NicInvoiceMapper.toRequestPath(result.warnings().get(2).path())).isEqualTo("lines[0].igstAmount");
    }

    @Test
    void quickstartFailsStrictWithTheSameThreeAsErrors() throws Exception {
        ValidationResult lenient = validator.validate(quickstart(), ValidationProfile.LENIENT);
        ValidationResult strict = validator.validate(quickstart(), ValidationProfile.STRICT);
        assertThat(strict.isValid()).isFalse();
        assertThat(strict.warnings()).isEmpty();
        assertThat(strict.errors()).isEqualTo(lenient.warnings());
    }
}
