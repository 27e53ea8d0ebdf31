package dev.openirn.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The examples of the OneFinOps documentation (the quickstart, a credit note, cancel, the tools, the
 * token request, credentials) and the examples in the OpenAPI document itself, posted to the server;
 * every answer, errors included, is validated against the schema the served OpenAPI document declares
 * for that route and status, by a JSON Schema validator in the OpenAPI 3.1 dialect. An error answer's
 * code must be one the route declares for that status.
 */
class OpenApiRoundTripTest extends ServerTest {

    private static final String DOCUMENT_URI = "https://openirn.invalid/v3/api-docs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApiClients clients;

    private OpenApiSchemas openApi;
    private SchemaRegistry registry;

    @BeforeEach
    void loadContract() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v3/api-docs")).GET());
        assertThat(reply.status()).isEqualTo(200);
        openApi = new OpenApiSchemas(reply.json());
        registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_URI, reply.body())));
    }

    @Test
    void quickstartCreditNoteAndReadsAnswerAsTheContractSays() {
        String quickstart = example("/v1/einvoices", "post", "quickstart");
        assertThat(JSON.readTree(quickstart)).as("the OpenAPI quickstart example is the one QuickstartTest runs verbatim")
                .isEqualTo(JSON.readTree(ApiClient.resource("quickstart-invoice.json")));
        JsonNode einvoice = conforms("POST", "/v1/einvoices",
                api.post("/v1/einvoices", quickstart, "roundtrip-" + UUID.randomUUID())).json();
        String id = einvoice.get("id").asString();

        conforms("GET", "/v1/einvoices/{id}", api.get("/v1/einvoices/" + id));
        conforms("GET", "/v1/einvoices/{id}/status", api.get("/v1/einvoices/" + id + "/status"));
        conforms("GET", "/v1/einvoices/irn/{irn}", api.get("/v1/einvoices/irn/" + einvoice.get("irn").asString()));
        conforms("GET", "/v1/einvoices", api.get("/v1/einvoices?limit=2&documentType=INV"));
        conforms("POST", "/v1/einvoices/validate", api.post("/v1/einvoices/validate", quickstart, null));

        ApiClient.Reply creditNote = conforms("POST", "/v1/einvoices",
                api.post("/v1/einvoices", example("/v1/einvoices", "post", "creditNote"), "roundtrip-crn-" + UUID.randomUUID()));
        assertThat(creditNote.json().get("documentType").asString()).isEqualTo("CRN");

        ApiClient.Reply unknown = conforms("GET", "/v1/einvoices/{id}", api.get("/v1/einvoices/einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD"));
        assertThat(unknown.status()).isEqualTo(404);
        ApiClient.Reply unauthenticated = conforms("GET", "/v1/einvoices/{id}",
                api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices/" + id)).GET()));
        assertThat(unauthenticated.status()).isEqualTo(401);
        ApiClient.Reply invalid = conforms("POST", "/v1/einvoices",
                api.post("/v1/einvoices", quickstart.replace("\"998314\"", "\"99\""), "roundtrip-bad-" + UUID.randomUUID()));
        assertThat(invalid.status()).isEqualTo(422);
        ApiClient.Reply malformed = conforms("POST", "/v1/einvoices", api.post("/v1/einvoices", "{\"supplyType\":", null));
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void cancelExampleCancelsAndItsReplayAndRefusalsAnswerAsTheContractSays() {
        String number = ApiClient.uniqueNumber("RT");
        JsonNode einvoice = conforms("POST", "/v1/einvoices",
                api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number)).json();
        String id = einvoice.get("id").asString();
        String cancel = example("/v1/einvoices/{id}/cancel", "post", "cancel");

        ApiClient.Reply cancelled = conforms("POST", "/v1/einvoices/{id}/cancel",
                api.post("/v1/einvoices/" + id + "/cancel", cancel, "cancel-" + number));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        ApiClient.Reply replayed = conforms("POST", "/v1/einvoices/{id}/cancel",
                api.post("/v1/einvoices/" + id + "/cancel", cancel, "cancel-" + number));
        assertThat(replayed.header("Idempotent-Replay")).isEqualTo("true");
        ApiClient.Reply reused = conforms("POST", "/v1/einvoices/{id}/cancel",
                api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\": \"1\", \"remarks\": \"Other\"}", "cancel-" + number));
        assertThat(reused.status()).isEqualTo(409);
        ApiClient.Reply again = conforms("POST", "/v1/einvoices/{id}/cancel",
                api.post("/v1/einvoices/" + id + "/cancel", cancel, "cancel-again-" + number));
        assertThat(again.status()).isEqualTo(409);
        ApiClient.Reply badReason = conforms("POST", "/v1/einvoices/{id}/cancel",
                api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\": \"5\"}", "cancel-bad-" + number));
        assertThat(badReason.status()).isEqualTo(422);
    }

    @Test
    void toolsExamplesAnswerAsTheContractSays() {
        String number = ApiClient.uniqueNumber("RTQ");
        JsonNode einvoice = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number).json();
        ObjectNode decode = (ObjectNode) JSON.readTree(example("/v1/tools/qr/decode", "post", "decode"));
        decode.put("signedQrCode", einvoice.get("signedQrCode").asString());

        ApiClient.Reply decoded = conforms("POST", "/v1/tools/qr/decode", withGstin("/v1/tools/qr/decode", decode.toString()));
        assertThat(decoded.json().get("irn").asString()).isEqualTo(einvoice.get("irn").asString());
        ApiClient.Reply signedInvoice = conforms("POST", "/v1/tools/signed-invoice/decode", withGstin("/v1/tools/signed-invoice/decode",
                JSON.createObjectNode().put("signedInvoice", einvoice.get("signedInvoice").asString()).toString()));
        assertThat(signedInvoice.json().get("decodedJson").asString()).contains(einvoice.get("irn").asString());
        ObjectNode render = (ObjectNode) JSON.readTree(example("/v1/tools/qr/render", "post", "render"));
        render.put("signedQrCode", einvoice.get("signedQrCode").asString());
        ApiClient.Reply image = conforms("POST", "/v1/tools/qr/render", withGstin("/v1/tools/qr/render", render.toString()));
        assertThat(image.header("Content-Type")).isEqualTo("image/png");

        ApiClient.Reply notSigned = conforms("POST", "/v1/tools/qr/decode",
                withGstin("/v1/tools/qr/decode", "{\"signedQrCode\": \"not a signed qr code\"}"));
        assertThat(notSigned.status()).isEqualTo(422);
    }

    @Test
    void tokenAndCredentialExamplesAnswerAsTheContractSays() {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(ApiClient.CLIENT_ID, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(ApiClient.CLIENT_SECRET, StandardCharsets.UTF_8) + "&scope=gstn-india";
        ApiClient.Reply token = conforms("POST", "/realms/{realm}/protocol/openid-connect/token",
                api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/realms/onefinops/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))));
        assertThat(token.status()).isEqualTo(200);
        ApiClient.Reply wrongSecret = conforms("POST", "/realms/{realm}/protocol/openid-connect/token",
                api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/realms/onefinops/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.replace("quickstart-secret", "wrong-secret")))));
        assertThat(wrongSecret.status()).isEqualTo(401);

        // A tenant of its own, so storing the example credential changes nothing for the other tests.
        ApiClient tenant = new Tenants(clients, port).client("roundtrip-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        String credential = example("/v1/gsp-credentials/{portal}", "post", "irn");
        ApiClient.Reply stored = conforms("POST", "/v1/gsp-credentials/{portal}",
                tenant.post("/v1/gsp-credentials/irn", credential, "cred-" + UUID.randomUUID()));
        assertThat(stored.status()).isEqualTo(201);
        conforms("GET", "/v1/gsp-credentials/{portal}/{gstin}", tenant.get("/v1/gsp-credentials/irn/29ABCDE1234F1Z5"));
        conforms("POST", "/v1/gsp-credentials/{portal}/test-connection",
                tenant.post("/v1/gsp-credentials/irn/test-connection", credential, null));
        ApiClient.Reply missing = conforms("GET", "/v1/gsp-credentials/{portal}/{gstin}",
                tenant.get("/v1/gsp-credentials/irn/27FGHIJ5678K1Z2"));
        assertThat(missing.status()).isEqualTo(404);
        conforms("DELETE", "/v1/gsp-credentials/{portal}/{gstin}",
                tenant.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/gsp-credentials/irn/29ABCDE1234F1Z5"))
                        .header("Authorization", "Bearer " + tenant.token()).DELETE()));
    }

    @Test
    void everyExampleInTheDocumentIsValidForItsOwnSchema() {
        int checked = 0;
        for (OpenApiSchemas.Route route : openApi.routes()) {
            JsonNode content = route.operation().path("requestBody").path("content");
            for (var media : content.properties()) {
                for (var example : media.getValue().path("examples").properties()) {
                    assertValid(pointer("paths", route.path(), route.method().toLowerCase(), "requestBody", "content", media.getKey(), "schema"),
                            example.getValue().get("value"), route.key() + " example " + example.getKey());
                    checked++;
                }
            }
            for (var response : route.operation().path("responses").properties()) {
                for (var media : response.getValue().path("content").properties()) {
                    for (var example : media.getValue().path("examples").properties()) {
                        assertValid(pointer("paths", route.path(), route.method().toLowerCase(), "responses", response.getKey(),
                                "content", media.getKey(), "schema"), example.getValue().get("value"),
                                route.key() + " " + response.getKey() + " example " + example.getKey());
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void theValidatorRefusesAnswersThatBreakTheContract() {
        String number = ApiClient.uniqueNumber("RTV");
        ObjectNode einvoice = (ObjectNode) api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number).json();
        String schema = pointer("paths", "/v1/einvoices/{id}", "get", "responses", "200", "content", "application/json", "schema");
        assertThat(errors(schema, einvoice)).isEmpty();

        assertThat(errors(schema, einvoice.deepCopy().without("ackNumber"))).as("a missing field").isNotEmpty();
        assertThat(errors(schema, einvoice.deepCopy().put("totalInvoiceValue", "11800"))).as("a number as a string").isNotEmpty();
        assertThat(errors(schema, einvoice.deepCopy().putNull("sellerGstin"))).as("null where never null").isNotEmpty();
        assertThat(errors(schema, einvoice.deepCopy().putNull("irn"))).as("null where null is allowed").isEmpty();
    }

    private ApiClient.Reply withGstin(String path, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                .header("Gstin", "29ABCDE1234F1Z5").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The named request example of a route in the served document, as JSON text. */
    private String example(String path, String method, String name) {
        JsonNode value = openApi.document().path("paths").path(path).path(method).path("requestBody").path("content")
                .path("application/json").path("examples").path(name).path("value");
        assertThat(value.isObject()).as("%s %s has request example %s", method, path, name).isTrue();
        return value.toString();
    }

    /**
     * Asserts the reply is one the contract declares for the route: the status is listed, a JSON body
     * validates against that status's schema, any other body has a declared content type, an error's
     * code is one the route lists for the status, and the declared headers are present.
     */
    private ApiClient.Reply conforms(String method, String path, ApiClient.Reply reply) {
        JsonNode operation = openApi.route(method, path).filter(route -> route.path().equals(path))
                .orElseThrow(() -> new AssertionError("no route " + method + " " + path)).operation();
        String status = Integer.toString(reply.status());
        JsonNode response = operation.path("responses").path(status);
        assertThat(response.isObject()).as("%s %s declares status %s (body %s)", method, path, status, reply.body()).isTrue();
        String contentType = reply.header("Content-Type") == null ? "" : reply.header("Content-Type").split(";")[0].trim();
        assertThat(response.path("content").has(contentType))
                .as("%s %s %s declares content type %s", method, path, status, contentType).isTrue();
        if (contentType.equals("application/json")) {
            assertValid(pointer("paths", path, method.toLowerCase(), "responses", status, "content", "application/json", "schema"),
                    reply.json(), method + " " + path + " " + status);
        }
        if (reply.status() >= 400 && response.has("x-error-codes")) {
            assertThat(openApi.errorCodes(operation, reply.status()))
                    .as("%s %s lists the code it answered %s with", method, path, status)
                    .contains(reply.json().get("code").asString());
        }
        response.path("headers").propertyNames().forEach(header -> {
            if (!header.equals("Idempotent-Replay")) {
                assertThat(reply.header(header)).as("%s %s %s sends header %s", method, path, status, header).isNotNull();
            }
        });
        return reply;
    }

    private void assertValid(String pointer, JsonNode value, String what) {
        assertThat(errors(pointer, value)).as("%s against %s: %s", what, pointer, value).isEmpty();
    }

    private List<String> errors(String pointer, JsonNode value) {
        Schema schema = registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + pointer));
        return schema.validate(value).stream().map(Error::toString).collect(Collectors.toList());
    }

    private static String pointer(String... segments) {
        StringBuilder out = new StringBuilder();
        for (String segment : segments) {
            out.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }
}
