package dev.openirn.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract and Swagger UI are readable without a token, the API still is not, and the UI's
 * "Authorize" works: it posts the client-credentials grant to the token URL the document names, with
 * the client id and secret as HTTP Basic (Swagger UI's default), and the token it gets runs the quickstart.
 */
class SwaggerUiTest extends ServerTest {

    private ApiClient.Reply anonymousGet(String path) {
        return api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).GET());
    }

    @Test
    void docsAndSwaggerUiNeedNoTokenAndTheApiStillDoes() {
        assertThat(anonymousGet("/v3/api-docs").status()).isEqualTo(200);
        ApiClient.Reply yaml = anonymousGet("/v3/api-docs.yaml");
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.0");

        ApiClient.Reply ui = anonymousGet("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        ApiClient.Reply config = anonymousGet("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(anonymousGet("/swagger-ui.html").status()).isIn(200, 302);

        assertThat(anonymousGet("/v1/einvoices").status()).isEqualTo(401);
    }

    @Test
    void authorizeWithClientCredentialsAgainstTheDocumentsTokenUrlThenRunTheQuickstart() {
        JsonNode document = anonymousGet("/v3/api-docs").json();
        JsonNode flow = document.get("components").get("securitySchemes").get("oauth2").get("flows").get("clientCredentials");
        String tokenUrl = flow.get("tokenUrl").asString();
        assertThat(tokenUrl).isEqualTo("/realms/onefinops/protocol/openid-connect/token");
        assertThat(flow.get("scopes").has("gstn-india")).isTrue();
        assertThat(document.get("security").toString()).contains("oauth2");
        assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo("/");

        // What Swagger UI sends for the client-credentials flow with "Basic auth header" (its default).
        String basic = Base64.getEncoder().encodeToString((ApiClient.CLIENT_ID + ":" + ApiClient.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        ApiClient.Reply token = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + tokenUrl))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json, text/plain, */*")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=gstn-india")));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        String accessToken = token.json().get("access_token").asString();

        ApiClient authorized = api.withToken(accessToken);
        ApiClient.Reply created = authorized.post("/v1/einvoices",
                ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("UI")), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(authorized.get("/v1/einvoices/" + created.json().get("id").asString() + "/status").status()).isEqualTo(200);
    }
}
