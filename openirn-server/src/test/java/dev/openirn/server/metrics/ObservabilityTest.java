package dev.openirn.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.admin.AdminCommand;
import dev.openirn.server.retry.ServerProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole run of a real server in its own JVM with JSON logs, as an operator would deploy it: the metrics the
 * operator's Prometheus scrapes, the liveness and readiness groups, request and trace ids on every line logged
 * for a request, and none of the secrets the run used anywhere in its log.
 */
class ObservabilityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SELLER = "29ABCDE1234F1Z5";

    @Test
    void metricsHealthGroupsAndStructuredLogsWithoutSecrets() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-observability-");
        int port = ServerProcess.freePort();
        int sandboxPort = ServerProcess.freePort();
        String irpPassword = "Irp-Pass-" + System.nanoTime();
        String consolePassword = "Console-Pass-" + System.nanoTime();
        String log;
        try (ServerProcess server = ServerProcess.start(dataDir, port, sandboxPort, "server", List.of(
                "--logging.structured.format.console=ecs", "--spring.main.banner-mode=off",
                "--logging.level.dev.openirn=DEBUG", "--openirn.rate-limit.token=4"))) {
            ApiClient api = server.awaitHealthy();

            // The IRP password the vault keeps: registered on the sandbox, stored through the API, used to generate.
            assertThat(ServerProcess.sandboxAdmin(api, sandboxPort, "POST", "/sandbox/users", JSON.writeValueAsString(
                    Map.of("gstin", SELLER, "userName", "OBSAPI", "password", irpPassword))).status()).isLessThan(300);
            ApiClient.Reply stored = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/gsp-credentials/irn"))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                    .header("X-Request-Id", "obs-credential-1")
                    .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("sellerGstin", SELLER, "userName", "OBSAPI", "password", irpPassword)))));
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
            ApiClient.Reply generated = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices"))
                    .header("Authorization", "Bearer " + api.token()).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "obs-1")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiClient.quickstartWithNumber("OBS-0001"))));
            assertThat(generated.status()).as(generated.body()).isEqualTo(201);

            // A refused token request (limit 4 a minute) and a console sign-in over plain HTTP.
            int refused = 0;
            for (int i = 0; i < 6; i++) {
                refused += api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", ApiClient.CLIENT_ID,
                        "client_secret", ApiClient.CLIENT_SECRET, "scope", "gstn-india")).status() == 429 ? 1 : 0;
            }
            assertThat(refused).isPositive();
            assertThat(admin(dataDir, "create-user", "--org", "default", "--email", "obs@example.in", "--role", "viewer",
                    "--password", consolePassword)).isZero();
            assertThat(consoleSignIn(port, "obs@example.in", consolePassword)).endsWith("/console");

            // Metrics, scraped without a token (see docs/operations.md).
            String metrics = get(port, "/actuator/prometheus").body();
            assertThat(metrics)
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"201\"[^}]*uri=\"/v1/einvoices\"")
                    .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/einvoices\"")
                    .containsPattern("openirn_irp_calls_seconds_bucket\\{[^}]*operation=\"generate\",outcome=\"success\"")
                    .containsPattern("openirn_einvoice_registration_outcomes_total\\{[^}]*status=\"generated\"\\} 1\\.0")
                    .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"429\",uri=\"/realms/\\{realm\\}/protocol/openid-connect/token\"\\} " + refused)
                    .containsPattern("openirn_ratelimit_refusals_total\\{[^}]*bucket=\"token\"\\} " + refused + "\\.0")
                    .contains("openirn_retry_queue_depth 0.0")
                    .contains("openirn_retry_queue_oldest_age_seconds")
                    .containsPattern("openirn_irp_circuit_state\\{[^}]*circuit=\"irp-sandbox-generate\"[^}]*\\} 0\\.0")
                    .containsPattern("openirn_irp_circuit_state\\{[^}]*circuit=\"ewb-sandbox-write\"[^}]*\\} 0\\.0")
                    // jvm_gc_pause_seconds appears only after the first collection; the data-size gauge is there from the start.
                    .contains("jvm_memory_used_bytes", "hikaricp_connections_active", "jvm_gc_max_data_size_bytes");

            // Liveness and readiness: the database decides readiness; the IRP is reported, not a readiness input.
            HttpResponse<String> liveness = get(port, "/actuator/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            JsonNode readiness = JSON.readTree(get(port, "/actuator/health/readiness").body());
            assertThat(readiness.get("status").asString()).isEqualTo("UP");
            assertThat(readiness.get("components").propertyNames()).contains("db", "readinessState").doesNotContain("irp");
            JsonNode health = JSON.readTree(get(port, "/actuator/health").body());
            assertThat(health.get("components").propertyNames()).as(health.toString()).contains("irp", "db");
            assertThat(health.get("components").get("irp").get("details").get("irp-sandbox-generate").asString())
                    .isEqualTo("closed");
            assertThat(health.get("components").get("irp").get("details").get("ewb-sandbox-write").asString())
                    .isEqualTo("closed");
        } finally {
            ServerProcess.stopDatabaseOf(dataDir);
        }
        log = Files.readString(dataDir.resolve("server.log"));

        // Every line is one JSON object; every line logged while serving a request names its request and trace.
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (!line.isBlank()) {
                assertThat(line).as("a log line that is not JSON").startsWith("{");
                lines.add(JSON.readTree(line));
            }
        }
        List<JsonNode> requestLines = lines.stream()
                .filter(line -> line.path("process").path("thread").path("name").asString("").contains("http-nio"))
                .toList();
        assertThat(requestLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.path("requestId").asString("")).as(line.toString()).isNotBlank();
            assertThat(line.path("traceId").asString("")).as(line.toString()).isNotBlank();
        });
        assertThat(requestLines).anySatisfy(line -> {
            assertThat(line.path("requestId").asString()).isEqualTo("obs-credential-1");
            assertThat(line.path("traceId").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        });

        // None of the secrets this run used appears in its log.
        String masterKey = Files.readString(dataDir.resolve("master.key")).strip();
        String databasePassword = Files.readString(dataDir.resolve("postgres.password")).strip();
        assertThat(masterKey).isNotBlank();
        for (String secret : List.of(ApiClient.CLIENT_SECRET, irpPassword, masterKey, databasePassword, consolePassword,
                URLEncoder.encode(ApiClient.CLIENT_SECRET, StandardCharsets.UTF_8))) {
            assertThat(log).as("the log contains a secret").doesNotContain(secret);
        }
    }

    private static int admin(Path dataDir, String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--openirn.data-dir=" + dataDir);
        return AdminCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                all.toArray(String[]::new));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What curl would do: fetch the sign-in page for its cookie and CSRF token, post the form; the redirect target. */
    static String consoleSignIn(int port, String email, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly").contains("SameSite=Strict");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token.group(1);
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(302);
        return posted.headers().firstValue("Location").orElse("");
    }
}
