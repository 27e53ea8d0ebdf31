package dev.openirn.server.ewaybill;

import static dev.openirn.server.ewaybill.EwayBillTest.BY_ROAD;
import static dev.openirn.server.ewaybill.EwayBillTest.SUPPLIER;
import static dev.openirn.server.ewaybill.EwayBillTest.standalone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.EwbAnswer;
import dev.openirn.server.irp.EwbBillAtNic;
import dev.openirn.server.irp.IrpCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Changes to a generated bill while the e-way bill system misbehaves (the sandbox's faults, over loopback): each is
 * stored as the bill's pending action before NIC hears of it, answered 202 when NIC cannot be reached, finished by
 * the worker, and made at NIC exactly once, also when an answer was lost. The e-way bill system's circuit breaker
 * opens after repeated failures and then queues changes without calling NIC.
 */
class EwayBillActionRecoveryTest extends FastRetriesServerTest {

    static final String PART_B = """
            {"vehicleNumber":"KA05MN4321","transportMode":1,"fromPlace":"Tumakuru Road","fromStateCode":29,"reasonCode":1}
            """;
    static final String CANCEL = "{\"reasonCode\":2,\"remark\":\"Order cancelled\"}";

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    EwayBillPortal portal;
    @Autowired
    IrpCredentials credentials;

    @DynamicPropertySource
    static void fastRetriesAndASmallBreaker(DynamicPropertyRegistry registry) {
        registry.add("openirn.irp.circuit-breaker.window-size", () -> "4");
        registry.add("openirn.irp.circuit-breaker.minimum-calls", () -> "4");
        registry.add("openirn.irp.circuit-breaker.open-wait", () -> "4s");
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void aPartBDuringAnOutageIsAcceptedThenAddedAtNicExactlyOnce() {
        for (FaultMode mode : List.of(FaultMode.GSP_DOWN, FaultMode.HTTP_500)) {
            JsonNode bill = generated("PO" + mode.ordinal());
            String id = bill.get("id").asString();
            sandbox.injectFault(Fault.of(mode));

            ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/update-part-b", PART_B, "pb-" + id);

            assertThat(queued.status()).as(mode + ": " + queued.body()).isEqualTo(202);
            assertThat(queued.json().get("status").asString()).isEqualTo("generated");
            assertThat(queued.json().get("pendingAction").get("type").asString()).isEqualTo("update-part-b");
            assertThat(queued.json().get("vehicleHistory")).hasSize(1);
            assertThat(pendingEntries(queued.json())).containsExactly("vehicle");
            // The same change asked again is the one already waiting; another change waits its turn.
            ApiClient.Reply again = api.post("/v1/ewaybills/" + id + "/update-part-b", PART_B, "pb-again-" + id);
            assertThat(again.status()).as(again.body()).isEqualTo(202);
            assertThat(pendingEntries(again.json())).containsExactly("vehicle");
            ApiClient.Reply other = api.post("/v1/ewaybills/" + id + "/cancel", CANCEL, "cn-" + id);
            assertThat(other.status()).as(other.body()).isEqualTo(409);
            assertThat(other.json().get("code").asString()).isEqualTo("ewaybill.action_pending");

            sandbox.clearFaults();
            JsonNode done = awaitNoPendingAction(id);

            assertThat(done.get("vehicleHistory").findValuesAsString("vehicleNumber")).as(mode.name())
                    .containsExactly("KA01AB1234", "KA05MN4321");
            assertThat(done.get("transport").get("vehicleNumber").asString()).isEqualTo("KA05MN4321");
            assertThat(stateOfActions(done)).containsExactly("done");
            assertThat(atNic(bill).vehicles()).as(mode + ": vehicles at the sandbox").hasSize(2);
            assertThat(eventTypes(id)).as(mode.name()).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.updated");
        }
    }

    @Test
    void aCancelDuringAnOutageIsAcceptedThenCancelledAtNicExactlyOnce() {
        for (FaultMode mode : List.of(FaultMode.GSP_DOWN, FaultMode.HTTP_500)) {
            JsonNode bill = generated("CO" + mode.ordinal());
            String id = bill.get("id").asString();
            long before = sandbox.stats().ewbCancellations();
            sandbox.injectFault(Fault.of(mode));

            ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/cancel", CANCEL, "cn-" + id);

            assertThat(queued.status()).as(mode + ": " + queued.body()).isEqualTo(202);
            assertThat(queued.json().get("status").asString()).isEqualTo("generated");
            assertThat(queued.json().get("pendingAction").get("type").asString()).isEqualTo("cancel");
            assertThat(sandbox.stats().ewbCancellations()).isEqualTo(before);

            sandbox.clearFaults();
            JsonNode done = awaitNoPendingAction(id);

            assertThat(done.get("status").asString()).as(mode + ": " + done).isEqualTo("cancelled");
            assertThat(done.get("cancellationReason").asString()).isEqualTo("Order cancelled");
            assertThat(stateOfActions(done)).containsExactly("done");
            assertThat(sandbox.stats().ewbCancellations()).as(mode.name()).isEqualTo(before + 1);
            assertThat(atNic(bill).answer().status()).isEqualTo("CNL");
            assertThat(eventTypes(id)).as(mode.name()).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
        }
    }

    @Test
    void aCancelWhoseAnswerIsLostIsReadBackAndNeverSentAgain() {
        JsonNode bill = generated("CL");
        String id = bill.get("id").asString();
        long before = sandbox.stats().ewbCancellations();
        // NIC cancels and the answer never comes; the read-back right after is lost too, so the worker resolves it.
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(2).withLatency(Duration.ofSeconds(5)));

        ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/cancel", CANCEL, "cn-" + id);

        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        JsonNode done = awaitNoPendingAction(id);
        assertThat(done.get("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().ewbCancellations()).as("cancelled once at NIC").isEqualTo(before + 1);
        assertThat(done.get("history").findValuesAsString("note")).anyMatch(note -> note.startsWith("done: NIC already held it"));
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
    }

    @Test
    void aPartBWhoseAnswerIsLostIsReadBackAndAddedOnlyOnce() {
        JsonNode bill = generated("PL");
        String id = bill.get("id").asString();
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(2).withLatency(Duration.ofSeconds(5)));

        ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/update-part-b", PART_B, "pb-" + id);

        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        JsonNode done = awaitNoPendingAction(id);
        assertThat(done.get("vehicleHistory").findValuesAsString("vehicleNumber")).containsExactly("KA01AB1234", "KA05MN4321");
        assertThat(atNic(bill).vehicles()).as("one vehicle added at the sandbox").hasSize(2);
        assertThat(done.get("history").findValuesAsString("note")).anyMatch(note -> note.startsWith("done: NIC already held it"));
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.updated");
    }

    @Test
    void aCancelNicAnswersAsAlreadyCancelledIsAdoptedAsDone() {
        JsonNode bill = generated("CA");
        String id = bill.get("id").asString();
        // Cancelled at NIC behind the gateway's back (as a resend of a cancel whose answer was lost would find it).
        EwbAnswer direct = portal.cancel("test", credentials.forEwb(null, "test", SUPPLIER), bill.get("ewbNumber").asLong(),
                2, "Order cancelled");
        assertThat(direct.ok()).as(String.valueOf(direct)).isTrue();
        long before = sandbox.stats().ewbCancellations();

        ApiClient.Reply cancelled = api.post("/v1/ewaybills/" + id + "/cancel", CANCEL, "cn-" + id);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(before);
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
    }

    @Test
    void aNicRefusalStaysASynchronousErrorAndLeavesTheBillAsItWas() {
        JsonNode bill = generated("RF");
        String id = bill.get("id").asString();
        sandbox.advanceClock(Duration.ofHours(25)); // past NIC's 24-hour cancel window
        try {
            ApiClient.Reply refused = api.post("/v1/ewaybills/" + id + "/cancel", CANCEL, "cn-" + id);

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(refused.json().get("code").asString()).isEqualTo("ewaybill.not_cancellable");
            assertThat(refused.json().get("upstream").get("code").asString()).isNotBlank();
            JsonNode after = api.get("/v1/ewaybills/" + id).json();
            assertThat(after.get("status").asString()).isEqualTo("generated");
            assertThat(after.has("pendingAction")).isFalse();
            assertThat(stateOfActions(after)).containsExactly("failed");
        } finally {
            sandbox.advanceClock(Duration.ofHours(-25));
        }
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresThenQueuesChangesWithoutCallingNic() {
        List<JsonNode> bills = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            bills.add(generated("BR" + i));
        }
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        int failing = 0;
        while (!portal.writeCircuitOpen("test") && failing < bills.size() - 1) {
            String id = bills.get(failing++).get("id").asString();
            ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/update-part-b", PART_B, "pb-" + id);
            assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        }
        assertThat(portal.writeCircuitOpen("test")).as("the write circuit opened after " + failing + " failures").isTrue();
        assertThat(portal.circuitStates()).containsEntry("ewb-sandbox-write", "open");
        sandbox.clearFaults();

        // While it is open a change is stored and answered at once, and nothing reaches the sandbox.
        long calls = sandbox.stats().ewbCalls();
        long logins = sandbox.stats().ewbAuthCalls();
        long cancellations = sandbox.stats().ewbCancellations();
        JsonNode last = bills.get(bills.size() - 1);
        long started = System.nanoTime();
        ApiClient.Reply queued = api.post("/v1/ewaybills/" + last.get("id").asString() + "/cancel", CANCEL, "cn-breaker");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        assertThat(queued.json().get("pendingAction").get("errorMessage").asString()).contains("circuit");
        assertThat(took).as("answered without waiting for NIC").isLessThan(Duration.ofSeconds(2));
        assertThat(sandbox.stats().ewbCalls()).as("no call reached the e-way bill system").isEqualTo(calls);
        assertThat(sandbox.stats().ewbAuthCalls()).isEqualTo(logins);
        assertThat(pendingEntries(queued.json())).containsExactly("cancel");
        // Shown as the IRP's circuits are: in the health details and as a gauge, and the refused call is timed.
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("components").get("irp").get("details").get("ewb-sandbox-write").asString()).isIn("open", "half_open");
        assertThat(api.get("/actuator/prometheus").body())
                .containsPattern("openirn_irp_circuit_state\\{[^}]*circuit=\"ewb-sandbox-write\"[^}]*\\} [12]\\.0")
                .containsPattern("openirn_ewb_calls_seconds_count\\{[^}]*operation=\"cancel\",outcome=\"circuit_open\"");

        // Once the circuit lets a probe through, the worker finishes every change, each made once.
        for (int i = 0; i < failing; i++) {
            JsonNode done = awaitNoPendingAction(bills.get(i).get("id").asString());
            assertThat(done.get("vehicleHistory")).hasSize(2);
            assertThat(atNic(bills.get(i)).vehicles()).hasSize(2);
        }
        assertThat(awaitNoPendingAction(last.get("id").asString()).get("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(cancellations + 1);
        awaitCircuitClosed(bills.get(0).get("id").asString());
    }

    /** A generated bill; an earlier test may have left the write circuit open, so this waits for it first. */
    JsonNode generated(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (portal.writeCircuitOpen("test") && System.nanoTime() < deadline) {
            sleep(200);
        }
        String number = EwayBillTest.number(prefix);
        ApiClient.Reply created = api.post("/v1/ewaybills", standalone(number, BY_ROAD), "ewb-" + number);
        assertThat(created.status()).as(created.body()).isIn(201, 202);
        JsonNode bill = created.json();
        long generatedBy = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"generated".equals(bill.get("status").asString()) && System.nanoTime() < generatedBy) {
            sleep(200);
            bill = api.get("/v1/ewaybills/" + bill.get("id").asString()).json();
        }
        assertThat(bill.get("status").asString()).as(bill.toString()).isEqualTo("generated");
        return bill;
    }

    /** The bill as the sandbox's e-way bill system holds it, read over its API. */
    EwbBillAtNic atNic(JsonNode bill) {
        EwbBillAtNic read = portal.readBill("test", credentials.forEwb(null, "test", SUPPLIER), bill.get("ewbNumber").asLong());
        assertThat(read.answer().ok()).as(String.valueOf(read.answer())).isTrue();
        return read;
    }

    static List<String> pendingEntries(JsonNode bill) {
        List<String> kinds = new ArrayList<>();
        bill.get("history").forEach(entry -> {
            if ("pending".equals(entry.path("state").asString(""))) {
                kinds.add(entry.get("type").asString());
            }
        });
        return kinds;
    }

    static List<String> stateOfActions(JsonNode bill) {
        List<String> states = new ArrayList<>();
        bill.get("history").forEach(entry -> {
            if (entry.has("state")) {
                states.add(entry.get("state").asString());
            }
        });
        return states;
    }

    List<String> eventTypes(String objectId) {
        List<String> types = new ArrayList<>();
        api.get("/v1/events?objectId=" + objectId).json().get("data").forEach(event -> types.add(event.get("type").asString()));
        return types;
    }

    /**
     * Within 20 s: less than the 29 s lease of these settings (12 × the 2 s request timeout + 5 s), so a bill leased
     * and then left unattempted fails here instead of finishing once its lease runs out.
     */
    JsonNode awaitNoPendingAction(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode bill;
        do {
            bill = api.get("/v1/ewaybills/" + id).json();
            if (!bill.has("pendingAction")) {
                return bill;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still pending after 20 s: " + bill);
    }

    /**
     * A half-open circuit closes once its probes (openirn.irp.circuit-breaker.half-open-calls, 10) have succeeded:
     * the worker's changes were the first of them, further Part-B updates of a generated bill are the rest.
     */
    void awaitCircuitClosed(String billId) {
        for (int i = 0; i < 12 && !"closed".equals(portal.circuitStates().get("ewb-sandbox-write")); i++) {
            String vehicle = "KA05CL%04d".formatted(i);
            ApiClient.Reply updated = api.post("/v1/ewaybills/" + billId + "/update-part-b", PART_B.replace("KA05MN4321", vehicle),
                    "pb-probe-" + billId + "-" + i);
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        }
        assertThat(portal.circuitStates()).containsEntry("ewb-sandbox-write", "closed");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
