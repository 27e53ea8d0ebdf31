package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.sandbox.SandboxStats;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The retry deadline ({@code give-up-after}): when it runs from, and what may end a row after it. */
class GiveUpTest extends ServerTest {

    @Autowired
    RunningIrpSandbox sandbox;

    @DynamicPropertySource
    static void shortDeadline(DynamicPropertyRegistry registry) {
        registry.add("openirn.irp.sync-deadline", () -> "1s");
        registry.add("openirn.irp.request-timeout", () -> "2s");
        registry.add("openirn.retry.initial-delay", () -> "200ms");
        registry.add("openirn.retry.max-delay", () -> "500ms");
        registry.add("openirn.retry.poll-interval", () -> "100ms");
        registry.add("openirn.retry.give-up-after", () -> "3s");
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void anInvoiceTheIrpMayHaveRegisteredIsNotGivenUpUntilTheIrpIsAsked() {
        SandboxStats before = sandbox.stats();
        // Registered on the IRP, answer lost; then the IRP cannot even be asked past the deadline.
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(1).withLatency(Duration.ofSeconds(5)));
        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("GIVEUP-UNKNOWN-1"), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = reply.json().get("id").asString();
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));

        sleep(5_000); // past give-up-after, several attempts
        JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("failed_retriable");
        assertThat(status.get("errorCode").asString()).isEqualTo("irp.outcome_unknown");

        sandbox.clearFaults();
        JsonNode settled = api.awaitFinalStatus(id, Duration.ofSeconds(30));
        assertThat(settled.get("status").asString()).as(settled.toString()).isEqualTo("generated");
        assertThat(sandbox.stats().registrations() - before.registrations()).isEqualTo(1);
        assertThat(sandbox.stats().duplicates() - before.duplicates()).isZero();
    }

    @Test
    void aResendAfterTheDeadlineGetsADeadlineOfItsOwn() {
        String body = ApiClient.quickstartWithNumber("GIVEUP-RESEND-1");
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        ApiClient.Reply reply = api.post("/v1/einvoices", body, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = reply.json().get("id").asString();
        sleep(4_000); // past give-up-after while the IRP is down
        sandbox.clearFaults();
        JsonNode givenUp = api.awaitFinalStatus(id, Duration.ofSeconds(30));
        assertThat(givenUp.get("status").asString()).as(givenUp.toString()).isEqualTo("failed_terminal");
        assertThat(givenUp.get("errorCode").asString()).isEqualTo("irp.retries_exhausted");

        ApiClient.Reply resent = api.post("/v1/einvoices", body, null);

        assertThat(resent.status()).as(resent.body()).isEqualTo(201);
        assertThat(resent.json().get("id").asString()).isEqualTo(id);
        assertThat(resent.json().get("status").asString()).isEqualTo("generated");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
