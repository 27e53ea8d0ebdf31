package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Stopping and starting the server on the same data directory keeps invoices and tokens. */
class RestartTest {

    @Test
    void invoicesAndTokensSurviveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-restart-");
        String id;
        String token;
        try (ConfigurableApplicationContext first = TestServers.start(dataDir)) {
            ApiClient api = new ApiClient(TestServers.port(first));
            token = api.token();
            ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("RESTART-1"), "restart-1");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().get("id").asString();
        }
        try (ConfigurableApplicationContext second = TestServers.start(dataDir)) {
            ApiClient api = new ApiClient(TestServers.port(second)).withToken(token);
            ApiClient.Reply fetched = api.get("/v1/einvoices/" + id);
            assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
            assertThat(fetched.json().get("status").asString()).isEqualTo("generated");
            assertThat(fetched.json().get("invoiceNumber").asString()).isEqualTo("RESTART-1");
        }
    }
}
