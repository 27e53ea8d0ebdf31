package dev.openirn.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenEndpointTest extends ServerTest {

    @Test
    void wrongSecretIsInvalidClientWith401() {
        ApiClient.Reply reply = api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id",
                ApiClient.CLIENT_ID, "client_secret", "not-the-secret", "scope", "gstn-india"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(reply.json().get("error_description").asString()).isNotBlank();
    }

    @Test
    void unknownClientIsInvalidClientWith401() {
        ApiClient.Reply reply = api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id",
                "ofin_test_nobody", "client_secret", "x", "scope", "gstn-india"));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
    }

    @Test
    void otherGrantTypesAreRejectedWith400() {
        ApiClient.Reply reply = api.tokenRequest(Map.of("grant_type", "password", "client_id",
                ApiClient.CLIENT_ID, "client_secret", ApiClient.CLIENT_SECRET, "scope", "gstn-india"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("unsupported_grant_type");
        assertThat(reply.json().get("error_description").asString()).isNotBlank();
    }

    @Test
    void unknownScopeIsRejectedWith400() {
        ApiClient.Reply reply = api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id",
                ApiClient.CLIENT_ID, "client_secret", ApiClient.CLIENT_SECRET, "scope", "onefinops.api"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void httpBasicClientAuthenticationWorksToo() {
        String basic = Base64.getEncoder().encodeToString((ApiClient.CLIENT_ID + ":" + ApiClient.CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(
                        URI.create(api.baseUrl() + "/realms/onefinops/protocol/openid-connect/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=gstn-india")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("expires_in").asInt()).isEqualTo(900);
    }

    @Test
    void jwksAndDiscoveryAreServedUnderTheRealm() {
        ApiClient.Reply discovery = api.send(HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/realms/onefinops/.well-known/openid-configuration")).GET());
        assertThat(discovery.status()).isEqualTo(200);
        assertThat(discovery.json().get("token_endpoint").asString())
                .endsWith("/realms/onefinops/protocol/openid-connect/token");

        ApiClient.Reply jwks = api.send(HttpRequest.newBuilder(
                URI.create(api.baseUrl() + "/realms/onefinops/protocol/openid-connect/certs")).GET());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    @Test
    void apiRejectsMissingAndForgedTokensWith401Envelope() {
        ApiClient.Reply missing = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices/einv_x")).GET());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("object").asString()).isEqualTo("error");
        assertThat(missing.json().get("code").asString()).isEqualTo("unauthorized");
        assertThat(missing.json().get("requestId").asString()).isEqualTo(missing.header("X-Request-Id"));

        String token = api.token();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        ApiClient.Reply reply = api.withToken(forged).get("/v1/einvoices/einv_x");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("code").asString()).isEqualTo("unauthorized");
    }
}
