package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the API does with bodies and parameters it cannot or should not take in, over loopback HTTP. */
class RequestInputTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A seller no other test registers invoices for: the credentials stored here must not disturb them. */
    private static final String CREDENTIAL_GSTIN = "24AAACX1234Q1Z6";

    static String number(String prefix) {
        return prefix + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36).toUpperCase();
    }

    /** The quickstart invoice with a misspelt field in the first line and an unknown one at the top. */
    static String withUnknownFields(String invoiceNumber) {
        return ApiClient.quickstartWithNumber(invoiceNumber)
                .replace("\"hsnCode\": \"998314\",", "\"hsnCode\": \"998314\", \"hsnCod\": \"998314\",")
                .replace("\"supplyType\": \"B2B\",", "\"supplyType\": \"B2B\", \"invoceNumber\": \"X\",");
    }

    static List<String> unknownFieldWarnings(JsonNode body) {
        return body.path("warnings").valueStream()
                .filter(warning -> "request.unknown_field".equals(warning.path("code").asString()))
                .map(warning -> warning.path("field").asString()).toList();
    }

    static void assertEnvelope(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(List.copyOf(body.propertyNames())).containsExactly("object", "code", "message", "httpStatus",
                "requestId", "traceId", "details", "upstream");
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("httpStatus").asInt()).isEqualTo(status);
    }

    static String detailField(ApiClient.Reply reply) {
        return reply.json().get("details").get(0).get("field").asString();
    }

    // ------------------------------------------------------------------ 13: unknown fields

    @Test
    void unknownFieldsOnCreateAreWarnedByPathStoredAndReplayedUnchanged() {
        String invoiceNumber = number("UF");
        String body = withUnknownFields(invoiceNumber);

        ApiClient.Reply created = api.post("/v1/einvoices", body, "unknown-" + invoiceNumber);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(unknownFieldWarnings(created.json())).containsExactlyInAnyOrder("invoceNumber", "lines[0].hsnCod");
        ApiClient.Reply replay = api.post("/v1/einvoices", body, "unknown-" + invoiceNumber);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(created.body());
        String id = created.json().get("id").asString();
        assertThat(unknownFieldWarnings(api.get("/v1/einvoices/" + id).json()))
                .containsExactlyInAnyOrder("invoceNumber", "lines[0].hsnCod");

        // A resend of the same document without the typos answers with its own (no) unknown fields.
        ApiClient.Reply resent = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(invoiceNumber), null);
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(unknownFieldWarnings(resent.json())).isEmpty();
    }

    @Test
    void unknownFieldsAreWarnedOnValidateAndNamedNextToTheRuleTheyBreak() {
        ApiClient.Reply validated = api.post("/v1/einvoices/validate", withUnknownFields(number("UV")), null);
        assertThat(validated.status()).as(validated.body()).isEqualTo(200);
        assertThat(unknownFieldWarnings(validated.json())).containsExactlyInAnyOrder("invoceNumber", "lines[0].hsnCod");

        String misspelt = ApiClient.quickstartWithNumber("UNUSED").replace("\"invoiceNumber\"", "\"invoceNumber\"");
        ApiClient.Reply refused = api.post("/v1/einvoices", misspelt, null);
        assertEnvelope(refused, 422, "validation_error");
        assertThat(refused.json().get("details").valueStream().map(d -> d.get("field").asString() + " " + d.get("code").asString()))
                .contains("invoiceNumber field.required", "invoceNumber request.unknown_field");
    }

    @Test
    void unknownFieldsAreWarnedOnCancelAndOnCredentialUpsert() {
        String invoiceNumber = number("UC");
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(invoiceNumber), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + created.json().get("id").asString() + "/cancel",
                "{\"reasonCode\": \"2\", \"remarks\": \"typo\", \"remark\": \"again\"}", null);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(unknownFieldWarnings(cancelled.json())).containsExactly("remark");

        ApiClient.Reply upserted = api.post("/v1/gsp-credentials/irn", "{\"sellerGstin\": \"" + CREDENTIAL_GSTIN + "\", "
                + "\"userName\": \"acme_api\", \"password\": \"secret\", \"note\": \"typo\"}", null);
        assertThat(upserted.status()).as(upserted.body()).isIn(200, 201);
        assertThat(unknownFieldWarnings(upserted.json())).containsExactly("note");
    }

    @Test
    void rejectModeRefusesUnknownFieldsNamingEach() throws IOException {
        Path dataDir = Files.createTempDirectory("openirn-reject-");
        try (ConfigurableApplicationContext server = TestServers.start(dataDir, "--openirn.api.unknown-fields=reject")) {
            ApiClient strict = new ApiClient(TestServers.port(server));

            ApiClient.Reply refused = strict.post("/v1/einvoices", withUnknownFields(number("UR")), null);
            assertEnvelope(refused, 400, "request.unknown_field");
            assertThat(refused.json().get("details").valueStream().map(d -> d.get("field").asString()))
                    .containsExactlyInAnyOrder("invoceNumber", "lines[0].hsnCod");

            ApiClient.Reply validate = strict.post("/v1/einvoices/validate", withUnknownFields(number("UR")), null);
            assertEnvelope(validate, 400, "request.unknown_field");

            ApiClient.Reply credential = strict.post("/v1/gsp-credentials/irn", "{\"sellerGstin\": \"" + CREDENTIAL_GSTIN + "\", "
                    + "\"userName\": \"acme_api\", \"password\": \"secret\", \"note\": \"typo\"}", null);
            assertEnvelope(credential, 400, "request.unknown_field");
            assertThat(detailField(credential)).isEqualTo("note");

            ApiClient.Reply clean = strict.post("/v1/einvoices", ApiClient.quickstartWithNumber(number("UR")), null);
            assertThat(clean.status()).as(clean.body()).isEqualTo(201);
            ApiClient.Reply cancel = strict.post("/v1/einvoices/" + clean.json().get("id").asString() + "/cancel",
                    "{\"reasonCode\": \"2\", \"remarks\": \"typo\", \"remark\": \"again\"}", null);
            assertEnvelope(cancel, 400, "request.unknown_field");
            assertThat(detailField(cancel)).isEqualTo("remark");
        }
    }

    // ------------------------------------------------------------------ 14: body size and parser limits

    @Test
    void declaredBodyOverTheLimitIs413BeforeItIsSent() throws IOException {
        String token = api.token();
        String answer = rawExchange("POST /v1/einvoices HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n", null);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"code\":\"request.body_too_large\"").contains("\"httpStatus\":413");

        String tokenAnswer = rawExchange("POST /realms/onefinops/protocol/openid-connect/token HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + (5 * 1024 * 1024) + "\r\n\r\n", null);
        assertThat(tokenAnswer).startsWith("HTTP/1.1 413").contains("\"code\":\"request.body_too_large\"");
    }

    @Test
    void chunkedBodyOverTheLimitIs413() throws IOException {
        String token = api.token();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int i = 0; i < 17; i++) { // 17 × 64 KiB > 1 MiB
            chunks.writeBytes((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunks.writeBytes(chunk);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        String answer = rawExchange("POST /v1/einvoices/validate HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"request.body_too_large\"");
    }

    @Test
    void chunkedBodyWithinTheLimitIsRead() throws IOException {
        byte[] body = ApiClient.quickstartWithNumber(number("CH")).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        chunks.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(body);
        chunks.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        String answer = rawExchange("POST /v1/einvoices/validate HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + api.token() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                chunks.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"valid\":true");
    }

    @Test
    void deeplyNestedJsonIs400() {
        String nested = "{\"supplyType\": \"B2B\", \"extension\": " + "[".repeat(200) + "]".repeat(200) + "}";

        assertEnvelope(api.post("/v1/einvoices/validate", nested, null), 400, "request.json_limit_exceeded");
    }

    @Test
    void overlongNumberIs400() {
        String body = "{\"totals\": {\"assessableValue\": 1" + "0".repeat(200) + "}}";

        assertEnvelope(api.post("/v1/einvoices/validate", body, null), 400, "request.json_limit_exceeded");
    }

    // ------------------------------------------------------------------ 15: absurd numbers

    @Test
    void numbersWithAbsurdScaleAre400NamingTheFieldAndAnswerQuickly() {
        for (String number : List.of("1E-30000000", "1E+30000000")) {
            for (String path : List.of("/v1/einvoices", "/v1/einvoices/validate")) {
                long started = System.nanoTime();
                ApiClient.Reply reply = api.post(path, "{\"totals\":{\"assessableValue\":" + number + "}}", null);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertEnvelope(reply, 400, "request.number_out_of_range");
                assertThat(detailField(reply)).isEqualTo("totals.assessableValue");
                assertThat(took).as("guard against the old multi-second setScale").isLessThan(Duration.ofSeconds(2));
            }
        }
        ApiClient.Reply inLine = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number("NS"))
                .replace("\"igstAmount\": 1800", "\"igstAmount\": 1E+30000000"), null);
        assertEnvelope(inLine, 400, "request.number_out_of_range");
        assertThat(detailField(inLine)).isEqualTo("lines[0].igstAmount");
    }

    // ------------------------------------------------------------------ 16: NUL and out-of-range filters

    @Test
    void nulInCancelRemarksIsRefusedNamingTheField() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number("NU")), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + created.json().get("id").asString() + "/cancel",
                "{\"reasonCode\": \"2\", \"remarks\": \"bad\\u0000remark\"}", null);

        assertThat(cancelled.status()).as(cancelled.body()).isIn(400, 422);
        assertThat(cancelled.json().get("object").asString()).isEqualTo("error");
        assertThat(detailField(cancelled)).isEqualTo("remarks");
    }

    @Test
    void nulInCredentialNotesOrInvoiceTextIsRefusedNamingTheField() {
        ApiClient.Reply upserted = api.post("/v1/gsp-credentials/irn", "{\"sellerGstin\": \"" + CREDENTIAL_GSTIN + "\", "
                + "\"userName\": \"acme_api\", \"password\": \"secret\", \"notes\": \"a\\u0000b\"}", null);
        assertEnvelope(upserted, 400, "request.control_character");
        assertThat(detailField(upserted)).isEqualTo("notes");

        ApiClient.Reply multiLine = api.post("/v1/gsp-credentials/irn", "{\"sellerGstin\": \"" + CREDENTIAL_GSTIN + "\", "
                + "\"userName\": \"acme_api\", \"password\": \"secret\", \"notes\": \"line one\\nline two\"}", null);
        assertThat(multiLine.status()).as(multiLine.body()).isIn(200, 201);

        ApiClient.Reply invoice = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number("NV"))
                .replace("Globex Pvt Ltd", "Globex\\u0000Pvt Ltd"), null);
        assertEnvelope(invoice, 400, "request.control_character");
        assertThat(detailField(invoice)).isEqualTo("buyer.legalName");
    }

    @Test
    void outOfRangeDateFiltersAre400NamingTheParameter() {
        for (String parameter : List.of("invoiceDate%5Bgte%5D=%2B999999999-01-01", "invoiceDate%5Blte%5D=0001-01-01",
                "createdAt%5Bgte%5D=%2B999999999-01-01T00:00:00Z", "createdAt%5Blte%5D=999999999999")) {
            ApiClient.Reply reply = api.get("/v1/einvoices?" + parameter);

            assertEnvelope(reply, 400, "request.parameter_invalid");
            assertThat(detailField(reply)).isEqualTo(java.net.URLDecoder.decode(parameter.substring(0, parameter.indexOf('=')),
                    StandardCharsets.UTF_8));
        }
        assertEnvelope(api.get("/v1/einvoices?invoiceNumber=A%00B"), 400, "request.parameter_invalid");
        assertThat(api.get("/v1/einvoices?invoiceDate%5Bgte%5D=2026-01-01").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    /** Sends {@code head} (and {@code body}, if any) on a fresh connection and returns what the server answers. */
    private String rawExchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedEarly) {
                    // The server may answer and close before it has taken the whole body.
                }
            }
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            try {
                while ((read = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, read);
                    if (complete(answer.toString(StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // Whatever arrived before the reset is the answer.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** A complete JSON answer has arrived (the envelope or a report ends with a closing brace). */
    private static boolean complete(String answer) {
        int headerEnd = answer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return false;
        }
        String body = answer.substring(headerEnd + 4);
        int start = body.indexOf('{');
        if (start < 0) {
            return false;
        }
        try {
            JSON.readTree(body.substring(start, body.lastIndexOf('}') + 1));
            return true;
        } catch (RuntimeException incomplete) {
            return false;
        }
    }
}
