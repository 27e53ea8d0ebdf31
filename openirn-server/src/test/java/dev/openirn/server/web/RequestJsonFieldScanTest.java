package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The byte scan that lets a generate skip parsing its body again must never say "absent" for a body whose
 * JSON holds the field: not when the name is spelt with escapes, nor for UTF-16 text.
 */
class RequestJsonFieldScanTest {

    @Test
    void aBodyWithoutTheNameOrAnyEscapeCannotHoldTheField() {
        assertThat(RequestJson.mayHaveField(utf8("{\"invoiceNumber\":\"A-1\",\"lines\":[]}"), "ewayBillDetails")).isFalse();
        assertThat(RequestJson.mayHaveField(null, "ewayBillDetails")).isFalse();
        assertThat(RequestJson.mayHaveField(utf8("{\"ewayBillDetail\":1}"), "ewayBillDetails")).isFalse();
    }

    @Test
    void theNameEscapesOrAWideEncodingMeanTheBodyMustBeParsed() {
        assertThat(RequestJson.mayHaveField(utf8("{\"a\":1,\"ewayBillDetails\":{}}"), "ewayBillDetails")).isTrue();
        assertThat(RequestJson.mayHaveField(utf8("{\"\\u0065wayBillDetails\":{}}"), "ewayBillDetails")).isTrue();
        assertThat(RequestJson.mayHaveField("{\"ewayBillDetails\":{}}".getBytes(StandardCharsets.UTF_16), "ewayBillDetails"))
                .isTrue();
        assertThat(RequestJson.mayHaveField(utf8("ewayBillDetails"), "ewayBillDetails")).isTrue();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
