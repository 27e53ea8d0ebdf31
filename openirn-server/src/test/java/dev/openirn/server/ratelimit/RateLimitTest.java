package dev.openirn.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.RateLimitOverrides;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Limits are per client and per fixed minute, counted in PostgreSQL, so they hold across nodes. */
class RateLimitTest extends ServerTest {

    @Autowired
    ApiClients clients;

    @Autowired
    DataSource dataSource;

    @Autowired
    OpenIrnProperties properties;

    @Test
    void the61stRequestInAMinuteIs429WithRetryAfterOnThisNodeAndOnASecondNode() throws Exception {
        Tenants.Tenant tenant = new Tenants(clients, port).client("limits-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(60, null, null));
        String jdbcUrl = ((HikariDataSource) dataSource).getJdbcUrl();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(OpenIrnApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + ((HikariDataSource) dataSource).getPassword(),
                // nodes sharing a database share the master key the token-signing key is sealed with
                "--openirn.master-key=" + Files.readString(properties.dataDir().resolve("master.key")).strip(),
                "--openirn.data-dir=" + Files.createTempDirectory("openirn-second-node-"),
                "--openirn.retry.worker-enabled=false")) {
            ApiClient secondNode = new ApiClient(((WebServerApplicationContext) second).getWebServer().getPort())
                    .withToken(tenant.api().token());
            awaitFreshWindow(45);

            for (int i = 1; i <= 60; i++) {
                ApiClient.Reply reply = tenant.api().get("/v1/einvoices/einv_nonexistent");
                assertThat(reply.status()).as("request %d", i).isEqualTo(404);
            }
            ApiClient.Reply limited = tenant.api().get("/v1/einvoices/einv_nonexistent");

            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("object").asString()).isEqualTo("error");
            assertThat(limited.json().get("code").asString()).isEqualTo("rate_limited");
            assertThat(limited.json().get("httpStatus").asInt()).isEqualTo(429);
            assertThat(limited.json().get("requestId").asString()).isEqualTo(limited.header("X-Request-Id"));
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);

            ApiClient.Reply onSecondNode = secondNode.get("/v1/einvoices/einv_nonexistent");
            assertThat(onSecondNode.status()).isEqualTo(429);
            assertThat(Integer.parseInt(onSecondNode.header("Retry-After"))).isBetween(1, 60);
        }
    }

    @Test
    void credentialWritesHaveTheirOwnLimitAndLeaveReadsAlone() {
        Tenants.Tenant tenant = new Tenants(clients, port).client("limits-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(null, 2, null));
        awaitFreshWindow(50);
        String body = "{\"sellerGstin\":\"29AAACL1001A1Z5\",\"userName\":\"U\",\"password\":\"p\"}";

        assertThat(tenant.api().post("/v1/gsp-credentials/irn", body, null).status()).isEqualTo(201);
        assertThat(tenant.api().post("/v1/gsp-credentials/irn", body, null).status()).isEqualTo(200);
        ApiClient.Reply third = tenant.api().post("/v1/gsp-credentials/irn", body, null);

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isNotBlank();
        assertThat(tenant.api().get("/v1/gsp-credentials/irn/29AAACL1001A1Z5").status()).isEqualTo(200);
    }

    @Test
    void tokenRequestsAreLimitedPerClientIdAgainstSecretGuessing() {
        awaitFreshWindow(50);
        // Creating the tenant mints its first token: attempt 1 of 3 in this window.
        Tenants.Tenant tenant = new Tenants(clients, port).client("limits-" + UUID.randomUUID(), ApiEnvironment.TEST,
                null, new RateLimitOverrides(null, null, 3));
        String clientId = tenant.client().clientId();
        ApiClient anonymous = new ApiClient(port);

        int attempts = 0;
        ApiClient.Reply reply;
        do {
            reply = anonymous.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", "guess-" + attempts, "scope", "gstn-india"));
            attempts++;
        } while (reply.status() == 401 && attempts < 10);

        assertThat(attempts).isEqualTo(3); // two wrong guesses answered 401, the third is over the limit
        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("Retry-After")).isNotBlank();
        assertThat(reply.json().get("error").asString()).isEqualTo("rate_limited");
        ApiClient.Reply rightSecret = anonymous.tokenRequest(Map.of("grant_type", "client_credentials", "client_id",
                clientId, "client_secret", tenant.client().clientSecret(), "scope", "gstn-india"));
        assertThat(rightSecret.status()).isEqualTo(429);
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
