package dev.openirn.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.retry.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server started as the README starts it, with {@code -Dspring.aot.enabled=true}: it uses the bean
 * definitions the build recorded, and it does not when a setting changes which beans exist (here an external
 * PostgreSQL), because those definitions were built for the embedded default. Runs after {@code package}: the
 * recorded definitions are compiled into the jar there.
 */
class AheadOfTimeStartIT {

    private static final String USED = "Using the bean definitions prepared at build time";
    private static final String RESOLVED_AT_RUN_TIME = "this start resolves its beans at run time instead";

    @TempDir
    Path dataDir;

    /** As the README starts it: {@code -Dspring.aot.enabled=true}. */
    private ServerProcess start(int port, List<String> settings) throws IOException {
        return ServerProcess.startJar(Path.of(System.getProperty("openirn.server.jar")), List.of("-Dspring.aot.enabled=true"),
                dataDir, port, "server", settings);
    }

    @Test
    void theEmbeddedDefaultStartsFromTheBuildsBeanDefinitionsAndServesTheQuickstart() throws Exception {
        int port = ServerProcess.freePort();
        try (ServerProcess server = start(port, List.of())) {
            ApiClient api = server.awaitHealthy();
            assertThat(server.log()).contains(USED).doesNotContain(RESOLVED_AT_RUN_TIME);

            ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.resource("quickstart-invoice.json"), "aot-quickstart-1");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().path("status").asText()).isEqualTo("generated");
            ApiClient.Reply read = api.get("/v1/einvoices/" + created.json().path("id").asText());
            assertThat(read.body()).isEqualTo(created.body());
            assertThat(api.post("/v1/einvoices", "{bad", "aot-quickstart-2").json().path("code").asText())
                    .isEqualTo("request.malformed_json");
        }
        assertThat(dataDir.resolve("postgres")).isDirectory();
    }

    @Test
    void anExternalDatabaseMakesTheStartResolveItsBeansAtRunTime() throws Exception {
        int port = ServerProcess.freePort();
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("synchronous_commit", "on").start();
                ServerProcess server = start(port, List.of(
                        "--spring.datasource.url=" + external.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres"))) {
            ApiClient api = server.awaitHealthy();
            assertThat(server.log()).contains(RESOLVED_AT_RUN_TIME).contains("spring.datasource.url").doesNotContain(USED);
            assertThat(api.token()).isNotBlank();
            // The external database holds the server's tables; nothing embedded was started beside it.
            try (var connection = external.getPostgresDatabase().getConnection();
                    var tables = connection.createStatement().executeQuery(
                            "select count(*) from information_schema.tables where table_schema = 'public' and table_name = 'einvoice'")) {
                tables.next();
                assertThat(tables.getInt(1)).isEqualTo(1);
            }
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        }
    }
}
