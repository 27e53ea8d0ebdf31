package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.Irn;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.database.PostmasterProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server process is SIGKILLed while its invoices are in flight at the IRP (registered there,
 * answer not yet seen). A new process on the same data directory must bring every invoice to
 * {@code generated} without registering any of them again.
 */
class CrashRecoveryTest {

    private static final int INVOICES = 5;

    @Test
    void invoicesInFlightWhenTheProcessIsKilledEndGeneratedExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-crash-");
        int port = freePort();
        int sandboxPort = freePort();
        Map<String, String> expectedIrns = new LinkedHashMap<>();

        Path postgres = dataDir.resolve("postgres");
        try {
            killedFirstThenRecovered(dataDir, port, sandboxPort, expectedIrns);
        } finally {
            // A killed server JVM leaves its daemonised postmaster behind; whatever this test started, it stops.
            PostmasterProcess.of(postgres).ifPresent(leftover -> leftover.stopFast(Duration.ofSeconds(30)));
        }
    }

    private void killedFirstThenRecovered(Path dataDir, int port, int sandboxPort, Map<String, String> expectedIrns)
            throws Exception {
        Process first = startServer(dataDir, port, sandboxPort, "first");
        try {
            ApiClient api = awaitHealthy(port, first);
            // Every generate is registered and committed by the IRP, then the answer never comes.
            ApiClient.Reply armed = sandboxAdmin(api, sandboxPort, "POST", "/sandbox/faults",
                    "{\"mode\": \"timeout_after_commit\", \"latencyMs\": 60000}");
            assertThat(armed.status()).as(armed.body()).isBetween(200, 204);
            for (int i = 0; i < INVOICES; i++) {
                String number = "CRASH-" + i;
                ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "crash-" + i);
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                expectedIrns.put(reply.json().get("id").asString(), Irn.compute("29ABCDE1234F1Z5", "2026-27", "INV", number));
            }
            JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
            assertThat(stats.get("registrations").asLong()).isEqualTo(INVOICES);
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
            first.waitFor();
        }

        Process second = startServer(dataDir, port, sandboxPort, "second");
        try {
            ApiClient api = awaitHealthy(port, second);
            for (Map.Entry<String, String> invoice : expectedIrns.entrySet()) {
                JsonNode status = api.awaitFinalStatus(invoice.getKey(), Duration.ofSeconds(60));
                assertThat(status.get("status").asString()).as(invoice.getKey()).isEqualTo("generated");
                assertThat(status.get("irn").asString()).isEqualTo(invoice.getValue());
            }
            JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
            assertThat(stats.get("registrations").asLong()).as("nothing registered again").isZero();
            assertThat(stats.get("duplicates").asLong()).as("nothing resent blindly").isZero();
        } finally {
            stopGracefully(second);
        }
        assertThat(PostmasterProcess.of(dataDir.resolve("postgres"))).as("PostgreSQL stopped with the server").isEmpty();
    }

    /** SIGTERM: the server shuts down as in production, stopping its embedded PostgreSQL. */
    private static void stopGracefully(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static Process startServer(Path dataDir, int port, int sandboxPort, String name) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classpath,
                OpenIrnApplication.class.getName(),
                "--server.port=" + port,
                "--openirn.data-dir=" + dataDir,
                "--openirn.sandbox.port=" + sandboxPort,
                "--openirn.bootstrap.client-id=" + ApiClient.CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + ApiClient.CLIENT_SECRET,
                "--openirn.irp.sync-deadline=500ms",
                "--openirn.irp.request-timeout=1s",
                "--openirn.retry.initial-delay=200ms",
                "--openirn.retry.max-delay=1s",
                "--openirn.retry.poll-interval=200ms",
                "--openirn.rate-limit.api=100000"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile())
                .start();
    }

    private static ApiClient awaitHealthy(int port, Process process) {
        ApiClient api = new ApiClient(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server process exited early").isTrue();
            try {
                ApiClient.Reply health = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/actuator/health")).GET());
                if (health.status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYetListening) {
                // keep waiting
            }
            sleep(250);
        }
        throw new AssertionError("server on port " + port + " did not become healthy");
    }

    private static ApiClient.Reply sandboxAdmin(ApiClient api, int sandboxPort, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return api.send(request);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
