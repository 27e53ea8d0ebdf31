package dev.openirn.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Leaving the signed payloads out of a view and putting them back gives exactly what the mapper writes. */
class SignedPayloadSpliceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String QR = "eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoicXIifQ.c2lnbmF0dXJl";
    private static final String INVOICE = "eyJhbGciOiJSUzI1NiJ9.eyJkYXRhIjoiaW52b2ljZSJ9.c2ln-_";

    private static byte[] view(String remarks, Object qr, Object invoice) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", "einv_1");
        // A string value cannot contain the structural field names, not even before them: JSON escapes its quotes.
        view.put("remarks", remarks);
        view.put("signedQrCode", qr);
        view.put("signedInvoice", invoice);
        return JSON.writeValueAsBytes(view);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aViewRenderedWithNullsIsFilledToExactlyTheViewWithThePayloads() {
        String tricky = "\"signedQrCode\":null,\"signedInvoice\":null";
        SignedPayloadSplice.Gap gap = SignedPayloadSplice.ofNulls(view(tricky, null, null));

        assertThat(SignedPayloadSplice.fill(gap, bytes(QR), bytes(INVOICE))).isEqualTo(view(tricky, QR, INVOICE));
        assertThat(SignedPayloadSplice.fill(gap, null, bytes(INVOICE))).isEqualTo(view(tricky, null, INVOICE));
        assertThat(SignedPayloadSplice.fill(gap, null, null)).isEqualTo(view(tricky, null, null));
    }

    @Test
    void aCutViewIsRestoredByteForByteAndHoldsNoPayload() {
        byte[] whole = view("x", QR, INVOICE);

        SignedPayloadSplice.Gap gap = SignedPayloadSplice.cut(whole, bytes(QR), bytes(INVOICE));

        assertThat(new String(gap.json(), StandardCharsets.UTF_8)).doesNotContain(QR).doesNotContain(INVOICE);
        assertThat(SignedPayloadSplice.fill(gap, bytes(QR), bytes(INVOICE))).isEqualTo(whole);
    }

    @Test
    void whatCannotBeRestoredExactlyIsNotCut() {
        byte[] whole = view("x", QR, INVOICE);

        assertThat(SignedPayloadSplice.cut(whole, bytes(QR), bytes("other"))).isNull();
        assertThat(SignedPayloadSplice.cut(view("x", null, null), bytes(QR), bytes(INVOICE))).isNull();
        // A value JSON would escape is never copied as it is.
        String quoted = "a\"b";
        assertThat(SignedPayloadSplice.cut(view("x", quoted, INVOICE), bytes(quoted), bytes(INVOICE))).isNull();
        assertThat(SignedPayloadSplice.fill(SignedPayloadSplice.ofNulls(view("x", null, null)), bytes(quoted), null)).isNull();
        assertThat(SignedPayloadSplice.ofNulls(bytes("{\"id\":\"einv_1\"}"))).isNull();
    }
}
