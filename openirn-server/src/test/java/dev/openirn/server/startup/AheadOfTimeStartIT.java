package dev.openirn.server.startup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    @Test
    void theEmbeddedDefaultStartsFromTheBuildsBeanDefinitionsAndServesTheQuickstart() throws Exception {
        int port = freePort();
        try (Server server = Server.start(dataDir, port, List.of())) {
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
        int port = freePort();
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("synchronous_commit", "on").start();
                Server server = Server.start(dataDir, port, List.of(
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The boot jar in a child JVM with the README's flags; closing it stops it (and its embedded PostgreSQL). */
    private record Server(Process process, int port, Path logFile) implements AutoCloseable {

        static Server start(Path dataDir, int port, List<String> settings) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-Dspring.aot.enabled=true", "-jar", System.getProperty("openirn.server.jar"),
                    "--server.port=" + port, "--openirn.data-dir=" + dataDir,
                    "--openirn.bootstrap.client-id=" + ApiClient.CLIENT_ID,
                    "--openirn.bootstrap.client-secret=" + ApiClient.CLIENT_SECRET));
            command.addAll(settings);
            Path log = dataDir.resolve("server.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Server(process, port, log);
        }

        ApiClient awaitHealthy() throws Exception {
            ApiClient api = new ApiClient(port);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("server exited early:%n%s", log()).isTrue();
                try {
                    if (api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/actuator/health")).GET()).status() == 200) {
                        return api;
                    }
                } catch (RuntimeException notYetListening) {
                    // keep waiting
                }
                Thread.sleep(250);
            }
            throw new AssertionError("server did not become healthy:\n" + log());
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
