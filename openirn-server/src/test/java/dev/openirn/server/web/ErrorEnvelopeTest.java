package dev.openirn.server.web;

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
