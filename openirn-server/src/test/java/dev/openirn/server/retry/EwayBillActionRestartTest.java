package dev.openirn.server.retry;

import static dev.openirn.server.retry.ServerProcess.freePort;
import static dev.openirn.server.retry.ServerProcess.sandboxAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.database.PostmasterProcess;
import dev.openirn.server.ewaybill.EwayBillTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server process is SIGKILLed while an e-way bill's cancel is pending: NIC made it, the answer never came. A new
 * process on the same data directory must finish the cancel from what is stored, by reading the bill back at NIC,
 * without sending the cancel again.
 */
class EwayBillActionRestartTest {

    private static final List<String> SETTINGS = List.of(
            "--openirn.irp.sync-deadline=500ms",
            "--openirn.irp.request-timeout=1s",
            "--openirn.retry.initial-delay=200ms",
            "--openirn.retry.max-delay=1s",
            "--openirn.ewb.worker-interval=200ms",
            "--openirn.rate-limit.api=100000");

    @Test
    void aPendingCancelIsFinishedAfterARestartWithoutBeingSentAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-ewb-restart-");
        int port = freePort();
        int sandboxPort = freePort();
        String id;
        try {
            try (ServerProcess first = ServerProcess.start(dataDir, port, sandboxPort, "first", SETTINGS)) {
                ApiClient api = first.awaitHealthy();
                String number = ApiClient.uniqueNumber("RS").replace("_", "-");
                ApiClient.Reply created = api.post("/v1/ewaybills", EwayBillTest.standalone(number, EwayBillTest.BY_ROAD),
                        "ewb-" + number);
                assertThat(created.status()).as(created.body()).isIn(201, 202);
                id = created.json().get("id").asString();
                assertThat(awaitBill(api, id, bill -> "generated".equals(bill.get("status").asString())).get("status")
                        .asString()).isEqualTo("generated");
                // From now on NIC does the work and the answer never comes, reads included.
                ApiClient.Reply armed = sandboxAdmin(api, sandboxPort, "POST", "/sandbox/faults",
                        "{\"mode\": \"timeout_after_commit\", \"latencyMs\": 60000}");
                assertThat(armed.status()).as(armed.body()).isBetween(200, 204);

                ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":2,\"remark\":\"Order cancelled\"}",
                        "cn-" + id);

                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                assertThat(queued.json().get("pendingAction").get("type").asString()).isEqualTo("cancel");
                JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
                assertThat(stats.get("ewbCancellations").asLong()).as("NIC cancelled it").isEqualTo(1);
                first.kill();
            }

            try (ServerProcess second = ServerProcess.start(dataDir, port, sandboxPort, "second", SETTINGS)) {
                ApiClient api = second.awaitHealthy();
                JsonNode bill = awaitBill(api, id, found -> !found.has("pendingAction"));

                assertThat(bill.get("status").asString()).isEqualTo("cancelled");
                assertThat(bill.get("history").findValuesAsString("note")).anyMatch(note -> note.startsWith("done: NIC already held it"));
                JsonNode stats = sandboxAdmin(api, sandboxPort, "GET", "/sandbox/stats", null).json();
                assertThat(stats.get("ewbCancellations").asLong()).as("nothing cancelled again").isZero();
                List<String> events = new ArrayList<>();
                api.get("/v1/events?objectId=" + id).json().get("data").forEach(event -> events.add(event.get("type").asString()));
                assertThat(events).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
            }
            assertThat(PostmasterProcess.of(dataDir.resolve("postgres"))).as("PostgreSQL stopped with the server").isEmpty();
        } finally {
            // A killed server JVM leaves its daemonised postmaster behind; whatever this test started, it stops.
            ServerProcess.stopDatabaseOf(dataDir);
        }
    }

    private static JsonNode awaitBill(ApiClient api, String id, java.util.function.Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode bill;
        do {
            bill = api.get("/v1/ewaybills/" + id).json();
            if (done.test(bill)) {
                return bill;
            }
            ServerProcess.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("bill did not get there in 90 s: " + bill);
    }
}
