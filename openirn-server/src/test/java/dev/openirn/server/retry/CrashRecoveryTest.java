package dev.openirn.server.retry;

import static dev.openirn.server.retry.ServerProcess.freePort;
import static dev.openirn.server.retry.ServerProcess.sandboxAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.Irn;
import dev.openirn.server.ApiClient;
import dev.openirn.server.database.PostmasterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server process is SIGKILLed while its invoices are in flight at the IRP (registered there,
 * answer not yet seen). A new process on the same data directory must bring every invoice to
 * {@code generated} without registering any of them again.
 */
class CrashRecoveryTest {

    private static final int INVOICES = 5;
    private static final List<String> SETTINGS = List.of(
            "--openirn.irp.sync-deadline=500ms",
            "--openirn.irp.request-timeout=1s",
            "--openirn.retry.initial-delay=200ms",
            "--openirn.retry.max-delay=1s",
            "--openirn.retry.poll-interval=200ms",
            "--openirn.rate-limit.api=100000");

    @Test
    void invoicesInFlightWhenTheProcessIsKilledEndGeneratedExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-crash-");
        int port = freePort();
        int sandboxPort = freePort();
        Map<String, String> expectedIrns = new LinkedHashMap<>();

        try {
            try (ServerProcess first = ServerProcess.start(dataDir, port, sandboxPort, "first", SETTINGS)) {
                ApiClient api = first.awaitHealthy();
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
                first.kill();
            }

            try (ServerProcess second = ServerProcess.start(dataDir, port, sandboxPort, "second", SETTINGS)) {
                ApiClient api = second.awaitHealthy();
                for (Map.Entry<String, String> invoice : expectedIrns.entrySet()) {
                    JsonNode status = api.awaitFinalStatus(invoice.getKey(), Duration.ofSeconds(60));
                    assertThat(status.get("status").asString()).as(invoice.getKey()).isEqualTo("generated");
                    assertThat(status.get("irn").asString()).isEqualTo(invoice.getValue());
                }
                JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
                assertThat(stats.get("registrations").asLong()).as("nothing registered again").isZero();
                assertThat(stats.get("duplicates").asLong()).as("nothing resent blindly").isZero();
            }
            assertThat(PostmasterProcess.of(dataDir.resolve("postgres"))).as("PostgreSQL stopped with the server").isEmpty();
        } finally {
            // A killed server JVM leaves its daemonised postmaster behind; whatever this test started, it stops.
            ServerProcess.stopDatabaseOf(dataDir);
        }
    }
}
