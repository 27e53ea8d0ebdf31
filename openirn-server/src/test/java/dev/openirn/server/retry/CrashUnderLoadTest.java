package dev.openirn.server.retry;

import static dev.openirn.server.retry.ServerProcess.sandboxAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Several clients send distinct invoices while the IRP drops a fifth of the generates after
 * registering them, and the server is SIGKILLed twice mid-run and restarted on the same data
 * directory; on the last process the IRP then fails every call for a while (the generate circuit
 * breaker opens). Once the faults are cleared the last process must carry every invoice to
 * {@code generated}, each registered exactly once, without another restart.
 */
class CrashUnderLoadTest {

    private static final int INVOICES = 60;
    private static final int CLIENTS = 8;

    private static final List<String> SETTINGS = List.of(
            "--openirn.irp.request-timeout=2s",
            "--openirn.retry.initial-delay=500ms",
            "--openirn.retry.max-delay=2s",
            "--openirn.retry.poll-interval=200ms",
            "--openirn.rate-limit.api=100000",
            "--openirn.rate-limit.token=100000");

    @Test
    void invoicesSentAcrossTwoCrashesAreAllGeneratedByTheLastProcess() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-crash-load-");
        int port = ServerProcess.freePort();
        int sandboxPort = ServerProcess.freePort();
        AtomicReference<ApiClient> current = new AtomicReference<>();
        Map<String, String> idsByNumber = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ServerProcess server = null;
        try {
            server = ServerProcess.start(dataDir, port, sandboxPort, "first", SETTINGS);
            current.set(server.awaitHealthy());
            armFaults(current.get(), sandboxPort);
            List<Future<?>> senders = new ArrayList<>();
            long sendDeadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                senders.add(clients.submit(() -> send(current, next, idsByNumber, sendDeadline)));
            }
            for (String name : List.of("second", "third")) {
                ServerProcess.sleep(4_000);
                server.kill();
                current.set(null);
                System.out.printf("killed the server with %d of %d invoices stored%n", idsByNumber.size(), INVOICES);
                server = ServerProcess.start(dataDir, port, sandboxPort, name, SETTINGS);
                ApiClient api = server.awaitHealthy();
                armFaults(api, sandboxPort);
                current.set(api);
            }
            for (Future<?> sender : senders) {
                sender.get(240, TimeUnit.SECONDS);
            }
            assertThat(idsByNumber).hasSize(INVOICES);
            ApiClient api = current.get();
            // A stretch of failures on the last process, enough to open the generate circuit breaker:
            // invoices must not stall once the IRP answers again.
            ApiClient.Reply dropping = sandboxAdmin(api, sandboxPort, "POST", "/sandbox/faults",
                    "{\"mode\": \"drop_connection\"}");
            assertThat(dropping.status()).as(dropping.body()).isBetween(200, 204);
            for (int i = 0; i < 12; i++) {
                ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("BURST-" + i), null);
                assertThat(reply.status()).as(reply.body()).isEqualTo(202);
                idsByNumber.put("BURST-" + i, reply.json().get("id").asString());
            }
            ApiClient.Reply cleared = sandboxAdmin(api, sandboxPort, "DELETE", "/sandbox/faults", null);
            assertThat(cleared.status()).isEqualTo(204);

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<String> unfinished = new ArrayList<>(idsByNumber.values());
            while (!unfinished.isEmpty() && System.nanoTime() < deadline) {
                unfinished.removeIf(id -> !List.of("pending", "queued", "failed_retriable")
                        .contains(api.get("/v1/einvoices/" + id + "/status").json().path("status").asString("unreadable")));
                if (!unfinished.isEmpty()) {
                    ServerProcess.sleep(500);
                }
            }
            assertThat(unfinished).as("invoices still waiting for the IRP on the last process").isEmpty();
            for (String id : idsByNumber.values()) {
                JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
                assertThat(status.get("status").asString()).as(id + ": " + status).isEqualTo("generated");
            }
            // The sandbox keeps its registrations in the data directory: one per document, never two.
            JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
            assertThat(stats.get("duplicates").asLong()).as("nothing resent blindly by the last process").isZero();
        } finally {
            clients.shutdownNow();
            if (server != null) {
                server.close();
            }
            ServerProcess.stopDatabaseOf(dataDir);
        }
    }

    /** One client: takes the next number and sends it until the server stores it, across restarts. */
    private static Void send(AtomicReference<ApiClient> current, AtomicInteger next, Map<String, String> idsByNumber,
            long deadline) {
        int n;
        while ((n = next.getAndIncrement()) < INVOICES) {
            String number = "LOAD-" + n;
            while (!idsByNumber.containsKey(number)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not store " + number);
                }
                ApiClient api = current.get();
                if (api == null) {
                    ServerProcess.sleep(100);
                    continue;
                }
                try {
                    ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), null);
                    if (List.of(200, 201, 202).contains(reply.status())) {
                        idsByNumber.put(number, reply.json().get("id").asString());
                        ServerProcess.sleep(600); // spreads the sending over the crashes
                    } else {
                        ServerProcess.sleep(200);
                    }
                } catch (RuntimeException serverGone) {
                    ServerProcess.sleep(200);
                }
            }
        }
        return null;
    }

    private static void armFaults(ApiClient api, int sandboxPort) {
        ApiClient.Reply armed = sandboxAdmin(api, sandboxPort, "POST", "/sandbox/faults",
                "{\"mode\": \"timeout_after_commit\", \"probability\": 0.2, \"latencyMs\": 3000}");
        assertThat(armed.status()).as(armed.body()).isBetween(200, 204);
    }
}
