package dev.openirn.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.idempotency.IdempotencyFilter;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.RateLimitOverrides;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The router decodes percent-encoded paths ({@code /%761/einvoices} is {@code /v1/einvoices}); rate limits and
 * Idempotency-Key must see the same path, or encoding a character would step around them.
 */
class EncodedPathTest extends ServerTest {

    private static final String ENCODED_V1 = "/%761";
    private static final String ENCODED_TOKEN_PATH = "/realms/onefinops/protocol/openid-connect/%74oken";

    @Autowired
    ApiClients clients;

    @Test
    void encodedApiPathsCountAgainstTheApiLimit() {
        Tenants.Tenant tenant = new Tenants(clients, port).client("encoded-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(3, null, null));
        awaitFreshWindow(50);

        for (int i = 1; i <= 3; i++) {
            ApiClient.Reply reply = tenant.api().get(ENCODED_V1 + "/einvoices/einv_nonexistent");
            assertThat(reply.status()).as("request %d: %s", i, reply.body()).isEqualTo(404);
        }
        ApiClient.Reply limited = tenant.api().get(ENCODED_V1 + "/%65invoices/einv_nonexistent");

        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.json().get("code").asString()).isEqualTo("rate_limited");
        assertThat(tenant.api().get("/v1/einvoices/einv_nonexistent").status()).isEqualTo(429);
    }

    @Test
    void encodedCredentialWritesCountAgainstTheCredentialLimit() {
        Tenants.Tenant tenant = new Tenants(clients, port).client("encoded-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(null, 1, null));
        awaitFreshWindow(50);
        String body = "{\"sellerGstin\":\"29AAACE1001A1Z5\",\"userName\":\"U\",\"password\":\"p\"}";

        assertThat(tenant.api().post("/v1/gsp-credentials/irn", body, null).status()).isEqualTo(201);
        ApiClient.Reply encoded = tenant.api().post("/v1/gsp-%63redentials/irn", body, null);

        assertThat(encoded.status()).as(encoded.body()).isEqualTo(429);
    }

    @Test
    void anEncodedPathReplaysTheResponseStoredUnderItsIdempotencyKey() {
        String body = ApiClient.quickstartWithNumber("ENC-IDEM-1");
        ApiClient.Reply first = api.post("/v1/einvoices", body, "enc-idem-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        ApiClient.Reply again = api.post(ENCODED_V1 + "/einvoices", body, "enc-idem-1");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.header(IdempotencyFilter.REPLAY_HEADER)).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());

        ApiClient.Reply otherBody = api.post(ENCODED_V1 + "/einvoices", ApiClient.quickstartWithNumber("ENC-IDEM-2"),
                "enc-idem-1");
        assertThat(otherBody.status()).as(otherBody.body()).isEqualTo(409);
        assertThat(otherBody.json().get("code").asString()).isEqualTo("idempotency.key_reused_mismatch");
    }

    @Test
    void tokenRequestsOnAnEncodedTokenPathAreLimitedToo() {
        awaitFreshWindow(50);
        // Creating the tenant mints its first token: attempt 1 of 3 in this window.
        Tenants.Tenant tenant = new Tenants(clients, port).client("encoded-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(null, null, 3));
        String clientId = tenant.client().clientId();

        ApiClient.Reply wrong = encodedTokenRequest(clientId, "guess-1");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
        assertThat(encodedTokenRequest(clientId, "guess-2").status()).isEqualTo(401);
        ApiClient.Reply limited = encodedTokenRequest(clientId, tenant.client().clientSecret());

        assertThat(limited.status()).as(limited.body()).isEqualTo(429);
        assertThat(limited.json().get("error").asString()).isEqualTo("rate_limited");
    }

    private ApiClient.Reply encodedTokenRequest(String clientId, String secret) {
        String form = Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", "gstn-india").entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + ENCODED_TOKEN_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Fixed windows: make sure the requests of one test fall into one minute. */
    private static void awaitFreshWindow(int latestSecond) {
        int second = Instant.now().atOffset(ZoneOffset.UTC).getSecond();
        if (second > latestSecond) {
            try {
                Thread.sleep((61L - second) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
