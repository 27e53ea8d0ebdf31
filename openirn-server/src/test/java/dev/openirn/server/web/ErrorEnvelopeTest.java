package dev.openirn.server.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ErrorEnvelopeTest extends ServerTest {

    @Test
    void malformedJsonIs400InTheEnvelope() {
        ApiClient.Reply reply = api.post("/v1/einvoices", "{\"supplyType\": ", null);

        assertEnvelope(reply, 400, "request.malformed_json");
    }

    @Test
    void wrongJsonTypeIs400NamingTheField() {
        ApiClient.Reply reply = api.post("/v1/einvoices", "{\"lines\": \"not-a-list\"}", null);

        assertEnvelope(reply, 400, "request.invalid_field_type");
        assertThat(reply.json().get("details").get(0).get("field").asString()).isEqualTo("lines");
    }

    @Test
    void missingRequiredFieldsAre422WithEveryProblem() {
        ApiClient.Reply reply = api.post("/v1/einvoices", "{\"supplyType\": \"B2B\"}", null);

        assertEnvelope(reply, 422, "validation_error");
        assertThat(reply.json().get("details").size()).isGreaterThan(1);
        assertThat(reply.body()).contains("\"field\":\"invoiceNumber\"");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        ApiClient.Reply reply = api.post("/v1/einvoices", "supplyType=B2B", null, "text/plain");

        assertEnvelope(reply, 415, "request.unsupported_media_type");
    }

    @Test
    void wrongMethodIs405() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices/einv_x"))
                .header("Authorization", "Bearer " + api.token())
                .DELETE());

        assertEnvelope(reply, 405, "request.method_not_allowed");
    }

    @Test
    void unknownPathIs404() {
        ApiClient.Reply reply = api.get("/v1/no-such-thing");

        assertEnvelope(reply, 404, "not_found");
    }

    @Test
    void clientRequestIdIsEchoed() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices/einv_x"))
                .header("Authorization", "Bearer " + api.token())
                .header("X-Request-Id", "client-chosen-id-42")
                .GET());

        assertThat(reply.header("X-Request-Id")).isEqualTo("client-chosen-id-42");
        assertThat(reply.json().get("requestId").asString()).isEqualTo("client-chosen-id-42");
    }

    @Test
    void pathTomcatRefusesBeforeAnyFilterIs400InTheEnvelope() throws IOException {
        String[] reply = rawGet("/v1/einvoices/irn/ab%00cd");

        assertThat(reply[0]).startsWith("HTTP/1.1 400");
        assertThat(reply[1]).contains("content-type: application/json").contains("x-request-id: ");
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(reply[2]);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("object", "code", "message", "httpStatus",
                "requestId", "traceId", "details", "upstream");
        assertThat(body.get("code").asString()).isEqualTo("request.malformed");
        assertThat(body.get("httpStatus").asInt()).isEqualTo(400);
        assertThat(reply[2]).doesNotContain("<html");
    }

    @Test
    void listFilterBracketsMayBeSentUnencoded() throws IOException {
        String[] reply = rawGet("/v1/einvoices?invoiceDate[gte]=2026-01-01&limit=1");

        assertThat(reply[0]).as(reply[2]).startsWith("HTTP/1.1 200");
        assertThat(reply[2]).contains("\"object\":\"list\"");
    }

    @Test
    void queryStringThatIsNotPercentEncodedUtf8Is400NotA500() throws IOException {
        for (String target : List.of("/v1/einvoices?limit=%FF", "/v1/einvoices?invoiceNumber=%C3%28",
                "/v1/webhook-endpoints?%=%", "/v1/einvoices/einv_x/qr?format=%FF")) {
            String[] reply = rawGet(target);

            assertThat(reply[0]).as(target + ": " + reply[2]).startsWith("HTTP/1.1 400");
            JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(reply[2]);
            assertThat(body.get("code").asString()).isEqualTo("request.parameter_invalid");
            assertThat(body.get("httpStatus").asInt()).isEqualTo(400);
        }
    }

    @Test
    void wildcardContentTypeIs415NotA500() {
        for (String contentType : List.of("*/*", "application/*")) {
            ApiClient.Reply reply = api.post("/v1/webhook-endpoints", "{\"url\":\"http://127.0.0.1:9/hook\"}", null, contentType);

            assertEnvelope(reply, 415, "request.unsupported_media_type");
        }
    }

    @Test
    void traceIsRefused405WithARequestIdLikeEveryOtherError() throws IOException {
        String[] reply = rawRequest("TRACE", "/v1/einvoices");

        assertThat(reply[0]).startsWith("HTTP/1.1 405");
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(reply[2]);
        assertThat(body.get("code").asString()).isEqualTo("request.method_not_allowed");
        assertThat(body.get("requestId").asString()).isNotBlank();
        assertThat(reply[1]).contains("x-request-id: " + body.get("requestId").asString().toLowerCase(Locale.ROOT));
        assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}");
    }

    @Test
    void anErrorAfterTheFilterKeepsTheClientsRequestId() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/no-such-thing"))
                .header("Authorization", "Bearer " + api.token())
                .header("X-Request-Id", "kept-through-the-error-page")
                .GET());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("X-Request-Id")).isEqualTo("kept-through-the-error-page");
        assertThat(reply.json().get("requestId").asString()).isEqualTo("kept-through-the-error-page");
    }

    private String[] rawGet(String target) throws IOException {
        return rawRequest("GET", target);
    }

    /** A request line the JDK's HTTP client would refuse to send: status line, lower-cased headers, body. */
    private String[] rawRequest(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + api.token()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = response.indexOf("\r\n\r\n");
            String head = response.substring(0, headersEnd);
            String body = response.substring(headersEnd + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("\r\n0\r\n"));
            }
            return new String[] {head.substring(0, head.indexOf("\r\n")), head.toLowerCase(Locale.ROOT), body};
        }
    }

    private static void assertEnvelope(ApiClient.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode body = reply.json();
        assertThat(List.copyOf(body.propertyNames())).containsExactly("object", "code", "message", "httpStatus",
                "requestId", "traceId", "details", "upstream");
        assertThat(body.get("object").asString()).isEqualTo("error");
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("httpStatus").asInt()).isEqualTo(status);
        assertThat(body.get("message").asString()).isNotBlank().doesNotContain("Exception");
        assertThat(body.get("traceId").asString()).matches("[0-9a-f]{32}");
        assertThat(reply.body()).doesNotContain("\tat ");
    }
}
