package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.sandbox.SandboxStats;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import dev.openirn.server.einvoice.EInvoiceEvent;
import dev.openirn.server.einvoice.EInvoices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two IRPs sharing one registry (the in-process sandbox as {@code sandbox-1} and {@code sandbox-2}),
 * over loopback HTTP: invoices keep flowing while the first fails, each registered exactly once, and
 * an attempt whose outcome is unknown on the first is read back before anything is sent to the second.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IrpFailoverTest extends FastRetriesServerTest {

    private static final Duration OPEN_WAIT = Duration.ofSeconds(3);

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    Irp irp;
    @Autowired
    EInvoices invoices;

    @DynamicPropertySource
    static void twoIrpsAndQuickBreakers(DynamicPropertyRegistry registry) {
        registry.add("openirn.sandbox.irps", () -> "2");
        registry.add("openirn.irp.circuit-breaker.window-size", () -> "4");
        registry.add("openirn.irp.circuit-breaker.minimum-calls", () -> "4");
        registry.add("openirn.irp.circuit-breaker.open-wait", () -> OPEN_WAIT.toMillis() + "ms");
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    @Order(1)
    void timeoutAfterCommitOnThePrimaryThenDownIsReadBackOnTheSecondaryAndNeverRegisteredTwice() {
        assertThat(irp.circuitStates()).containsEntry("irp-sandbox-1-generate", "closed")
                .containsEntry("irp-sandbox-2-generate", "closed");
        SandboxStats before = sandbox.stats();
        // The first generate commits on sandbox-1 and its answer never comes; then sandbox-1 is down.
        sandbox.injectFaults("sandbox-1", List.of(
                Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(1).withLatency(Duration.ofSeconds(5)),
                Fault.of(FaultMode.GSP_DOWN)));

        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("FO-TAC-1"), "fo-tac-1");
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = reply.json().get("id").asString();
        JsonNode done = api.awaitFinalStatus(id, Duration.ofSeconds(60));

        assertThat(done.get("status").asString()).isEqualTo("generated");
        assertThat(done.get("irp").asString()).as("the IRP that confirmed the registration").isEqualTo("sandbox-2");
        SandboxStats after = sandbox.stats();
        assertThat(after.registrations() - before.registrations()).isEqualTo(1);
        assertThat(after.duplicates() - before.duplicates()).isZero();
        assertThat(registrationsOn(after, "sandbox-1") - registrationsOn(before, "sandbox-1")).isEqualTo(1);
        assertThat(generateCallsOn(after, "sandbox-2") - generateCallsOn(before, "sandbox-2"))
                .as("nothing is sent to the secondary while the outcome on the primary is unknown").isZero();
        assertThat(invoices.events(id)).extracting(EInvoiceEvent::note).contains("adopted the registration found on the IRP");
    }

    @Test
    @Order(2)
    void whileThePrimaryIsDownItsCircuitOpensAndInvoicesAreRegisteredOnTheSecondaryOnceThenBackOnThePrimary()
            throws InterruptedException {
        SandboxStats before = sandbox.stats();
        sandbox.injectFault("sandbox-1", Fault.of(FaultMode.GSP_DOWN));

        List<String> ids = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("FO-DOWN-" + n), "fo-down-" + n);
            assertThat(reply.status()).as(reply.body()).isIn(201, 202);
            ids.add(reply.json().get("id").asString());
        }
        for (String id : ids) {
            JsonNode done = api.awaitFinalStatus(id, Duration.ofSeconds(90));
            assertThat(done.get("status").asString()).isEqualTo("generated");
            assertThat(done.get("irp").asString()).isEqualTo("sandbox-2");
            assertThat(api.get("/v1/einvoices/" + id + "/status").json().get("irp").asString()).isEqualTo("sandbox-2");
        }
        SandboxStats after = sandbox.stats();
        assertThat(after.registrations() - before.registrations()).isEqualTo(12);
        assertThat(after.duplicates() - before.duplicates()).isZero();
        assertThat(registrationsOn(after, "sandbox-2") - registrationsOn(before, "sandbox-2")).isEqualTo(12);
        // Only the calls that opened the circuit (and its probes) reached the failing primary, not every invoice.
        assertThat(irp.circuitStates().get("irp-sandbox-1-generate")).isIn("open", "half_open");
        assertThat(after.irps().get("sandbox-1").faulted() - before.irps().get("sandbox-1").faulted()).isPositive();

        // The primary recovers: once its circuit lets a probe through, new invoices go back to it.
        sandbox.clearFaults();
        Thread.sleep(OPEN_WAIT.toMillis());
        String backOnPrimary = null;
        for (int n = 1; n <= 10 && backOnPrimary == null; n++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("FO-BACK-" + n), "fo-back-" + n);
            JsonNode done = api.awaitFinalStatus(reply.json().get("id").asString(), Duration.ofSeconds(60));
            assertThat(done.get("status").asString()).isEqualTo("generated");
            if ("sandbox-1".equals(done.get("irp").asString())) {
                backOnPrimary = done.get("id").asString();
            }
        }
        assertThat(backOnPrimary).as("new invoices go back to the primary once it recovers").isNotNull();
        assertThat(sandbox.stats().duplicates() - before.duplicates()).isZero();
    }

    private static long registrationsOn(SandboxStats stats, String irp) {
        return stats.irps().get(irp).registrations();
    }

    private static long generateCallsOn(SandboxStats stats, String irp) {
        return stats.irps().get(irp).generateCalls();
    }
}
