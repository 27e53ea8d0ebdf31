package dev.openirn.server.retry;

import static dev.openirn.server.retry.ServerProcess.freePort;
import static dev.openirn.server.retry.ServerProcess.sandboxAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.database.PostmasterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cancelling an e-invoice together with its e-way bill is two NIC calls, the bill's then the IRN's. A server
 * process is SIGKILLed with two such cancels cut short: one between the steps (the bill cancelled, the IRN's
 * cancel committed by the IRP but unanswered), one inside the first step (the bill's cancel sent, never
 * processed). A new process on the same data must finish both from what was stored, with no request repeated
 * by the client: every bill and IRN cancelled exactly once at the sandbox, each event once.
 */
class CascadeCancelCrashTest {

    private static final List<String> SETTINGS = List.of(
            "--openirn.irp.sync-deadline=15s",
            "--openirn.irp.request-timeout=3s",
            "--openirn.retry.initial-delay=200ms",
            "--openirn.retry.max-delay=1s",
            "--openirn.retry.poll-interval=200ms",
            "--openirn.rate-limit.api=100000");
    private static final String BY_ROAD = "{\"transportMode\":\"1\",\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";
    private static final String CASCADE = "{\"reasonCode\":\"3\",\"remarks\":\"Order cancelled\",\"cancelEwayBill\":true}";

    @Test
    void cascadingCancelsCutShortByAKillAreFinishedByTheWorkersExactlyOnce() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-cascade-crash-");
        int port = freePort();
        int sandboxPort = freePort();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        String betweenSteps;
        String inFirstStep;
        String betweenStepsBill;
        String inFirstStepBill;
        try {
            try (ServerProcess first = ServerProcess.start(dataDir, port, sandboxPort, "first", SETTINGS)) {
                ApiClient api = first.awaitHealthy();
                JsonNode a = generatedWithEwayBill(api, ApiClient.uniqueNumber("CC-A"));
                JsonNode b = generatedWithEwayBill(api, ApiClient.uniqueNumber("CC-B"));
                betweenSteps = a.get("id").asString();
                inFirstStep = b.get("id").asString();
                betweenStepsBill = a.get("ewayBill").get("id").asString();
                inFirstStepBill = b.get("ewayBill").get("id").asString();

                // In call order: A's bill cancel passes, A's IRN cancel is committed and never answered, B's bill
                // cancel is held before the sandbox processes it (and dies with the process).
                ApiClient.Reply armed = sandboxAdmin(api, sandboxPort, "POST", "/sandbox/faults", """
                        [{"mode": "latency", "count": 1, "latencyMs": 0},
                         {"mode": "timeout_after_commit", "count": 1, "latencyMs": 60000},
                         {"mode": "latency", "count": 1, "latencyMs": 60000}]""");
                assertThat(armed.status()).as(armed.body()).isBetween(200, 204);

                clients.submit(() -> api.post("/v1/einvoices/" + betweenSteps + "/cancel", CASCADE, "cc-a"));
                assertThat(await(Duration.ofSeconds(20), () -> stats(api, sandboxPort).get("cancellations").asLong() == 1))
                        .as("A's IRN cancel reached the IRP after its bill's cancel").isTrue();
                clients.submit(() -> api.post("/v1/einvoices/" + inFirstStep + "/cancel", CASCADE, "cc-b"));
                // Killed well inside A's IRP request timeout, while B's bill cancel is held.
                await(Duration.ofMillis(1500), () -> "cancel".equals(api.get("/v1/einvoices/" + inFirstStep).json()
                        .path("pendingAction").asString(null)));
                ServerProcess.sleep(300);

                JsonNode atKill = stats(api, sandboxPort);
                assertThat(atKill.get("ewbCancellations").asLong()).as("only A's bill cancelled").isEqualTo(1);
                assertThat(atKill.get("cancellations").asLong()).as("only A's IRN cancelled").isEqualTo(1);
                first.kill();
            }

            try (ServerProcess second = ServerProcess.start(dataDir, port, sandboxPort, "second", SETTINGS)) {
                ApiClient api = second.awaitHealthy();
                assertThat(sandboxAdmin(api, sandboxPort, "DELETE", "/sandbox/faults", null).status()).isBetween(200, 204);

                for (String id : List.of(betweenSteps, inFirstStep)) {
                    assertThat(await(Duration.ofSeconds(120),
                            () -> "cancelled".equals(api.get("/v1/einvoices/" + id).json().get("status").asString())))
                            .as("e-invoice %s cancelled by the workers: %s", id, api.get("/v1/einvoices/" + id).body()).isTrue();
                }
                for (String billId : List.of(betweenStepsBill, inFirstStepBill)) {
                    JsonNode bill = api.get("/v1/ewaybills/" + billId).json();
                    assertThat(bill.get("status").asString()).as(bill.toString()).isEqualTo("cancelled");
                    assertThat(bill.get("cancellationReason").asString()).isEqualTo("Order cancelled");
                }
                JsonNode after = stats(api, sandboxPort);
                // The sandbox's counters start again with the process: what this one did is B's two cancels only.
                assertThat(after.get("ewbCancellations").asLong()).as("B's bill, once; A's never again").isEqualTo(1);
                assertThat(after.get("cancellations").asLong()).as("B's IRN; A's was done already").isEqualTo(1);

                for (String id : List.of(betweenSteps, inFirstStep)) {
                    assertThat(events(api, "einvoice.cancelled", id)).as(id).isEqualTo(1);
                }
                for (String billId : List.of(betweenStepsBill, inFirstStepBill)) {
                    assertThat(events(api, "ewaybill.cancelled", billId)).as(billId).isEqualTo(1);
                }
                JsonNode invoice = api.get("/v1/einvoices/" + betweenSteps).json();
                assertThat(invoice.has("pendingAction")).as(invoice.toString()).isFalse();
            }
            assertThat(PostmasterProcess.of(dataDir.resolve("postgres"))).as("PostgreSQL stopped with the server").isEmpty();
        } finally {
            clients.shutdownNow();
            // A killed server JVM leaves its daemonised postmaster behind; whatever this test started, it stops.
            ServerProcess.stopDatabaseOf(dataDir);
        }
    }

    /** A generated goods invoice with its e-way bill, both made in one call. */
    private static JsonNode generatedWithEwayBill(ApiClient api, String number) {
        String invoice = ApiClient.quickstartWithNumber(number)
                .replace("\"isService\": true", "\"isService\": false, \"quantity\": 1, \"unit\": \"NOS\"")
                .replace("998314", "94032010").replace("Consulting services", "Steel racks");
        String body = invoice.substring(0, invoice.lastIndexOf('}')) + ",\"ewayBillDetails\":" + BY_ROAD + "}";
        ApiClient.Reply created = api.post("/v1/einvoices", body, "inv-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("ewayBill").path("status").asString(null)).as(created.body()).isEqualTo("generated");
        return created.json();
    }

    private static JsonNode stats(ApiClient api, int sandboxPort) {
        return sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
    }

    private static int events(ApiClient api, String type, String objectId) {
        return api.get("/v1/events?limit=100&type=" + type + "&objectId=" + objectId).json().get("data").size();
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            ServerProcess.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
