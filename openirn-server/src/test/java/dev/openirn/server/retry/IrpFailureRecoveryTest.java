package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.gst.Irn;
import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.sandbox.SandboxStats;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.FastRetriesServerTest;
import dev.openirn.server.einvoice.EInvoiceEvent;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.einvoice.registration.InvoiceIntake;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.irp.IrpLogin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The IRP misbehaves through the sandbox's fault injection, over loopback; the gateway must end
 * every invoice generated exactly once, adopting registrations it never saw the answer to.
 */
class IrpFailureRecoveryTest extends FastRetriesServerTest {

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    EInvoices invoices;
    @Autowired
    InvoiceIntake intake;
    @Autowired
    Irp irp;
    @Autowired
    IrpCredentials credentials;
    @Autowired
    HikariDataSource dataSource;
    @Autowired
    OpenIrnProperties properties;


    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void timeoutAfterCommitIsAdoptedWithoutASecondRegistration() {
        SandboxStats before = sandbox.stats();
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(1).withLatency(Duration.ofSeconds(5)));

        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("TAC-0001"), "tac-0001");

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("status").asString()).isIn("queued", "failed_retriable");
        String id = reply.json().get("id").asString();
        JsonNode finalStatus = api.awaitFinalStatus(id, Duration.ofSeconds(60));
        assertThat(finalStatus.get("status").asString()).isEqualTo("generated");
        assertThat(finalStatus.get("irn").asString()).isEqualTo(Irn.compute("29ABCDE1234F1Z5", "2026-27", "INV", "TAC-0001"));
        SandboxStats after = sandbox.stats();
        assertThat(after.registrations() - before.registrations()).isEqualTo(1);
        assertThat(after.duplicates() - before.duplicates()).isZero();
        assertThat(invoices.events(id)).extracting(EInvoiceEvent::note).contains("adopted the registration found on the IRP");
    }

    @Test
    void burstOf5xxIsRetriedWithGrowingDelaysUntilGenerated() {
        SandboxStats before = sandbox.stats();
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).times(4));

        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("BURST-0001"), "burst-0001");

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(reply.json().get("status").asString()).isEqualTo("failed_retriable");
        assertThat(reply.json().get("retryCount").asInt()).isEqualTo(1);
        assertThat(reply.json().get("nextRetryAt").asString()).isNotBlank();
        String id = reply.json().get("id").asString();
        assertThat(api.awaitFinalStatus(id, Duration.ofSeconds(60)).get("status").asString()).isEqualTo("generated");
        assertThat(sandbox.stats().registrations() - before.registrations()).isEqualTo(1);

        List<EInvoiceEvent> events = invoices.events(id);
        List<EInvoiceEvent> failures = events.stream().filter(e -> "failed_retriable".equals(e.toStatus())).toList();
        assertThat(failures).hasSizeGreaterThanOrEqualTo(2);
        assertThat(failures).allSatisfy(e -> assertThat(e.note()).isEqualTo("irp.unavailable"));
        assertThat(events.get(events.size() - 1).toStatus()).isEqualTo("generated");
    }

    @Test
    void duplicateIrnWithOurDataIsAdopted() {
        String body = ApiClient.quickstartWithNumber("DUP-MATCH-1");
        registerDirectlyOnTheIrp(body);
        SandboxStats before = sandbox.stats();

        ApiClient.Reply reply = api.post("/v1/einvoices", body, "dup-match-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("status").asString()).isEqualTo("generated");
        assertThat(reply.json().get("irn").asString()).isEqualTo(Irn.compute("29ABCDE1234F1Z5", "2026-27", "INV", "DUP-MATCH-1"));
        assertThat(sandbox.stats().registrations() - before.registrations()).isZero();
        assertThat(sandbox.stats().duplicates() - before.duplicates()).isEqualTo(1);
    }

    @Test
    void duplicateIrnWithOtherDataEndsDuplicateMismatch() {
        String ours = ApiClient.quickstartWithNumber("DUP-OTHER-1");
        String theirs = ours.replace("27FGHIJ5678K1Z2", "27AAPFU0939F1ZV");
        registerDirectlyOnTheIrp(theirs);

        ApiClient.Reply reply = api.post("/v1/einvoices", ours, "dup-other-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().get("code").asString()).isEqualTo("einvoice.duplicate_mismatch");
        assertThat(reply.json().get("message").asString()).contains("buyerGstin")
                .as("the registered document's data may be another taxpayer's").doesNotContain("27AAPFU0939F1ZV");
        String id = reply.json().get("details").get(0).get("message").asString();
        JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
        assertThat(status.get("status").asString()).isEqualTo("failed_terminal");
        assertThat(status.get("errorCode").asString()).isEqualTo("einvoice.duplicate_mismatch");
    }

    @Test
    void rejectionOnTheMeritsIsTerminalWith422AndTheNicCodeAndIsNeverRetried() {
        // Registered and then cancelled on the portal: NIC refuses to register that number again.
        String body = ApiClient.quickstartWithNumber("PORTAL-CNL-1");
        IrpLogin login = credentials.forSeller(null, "test", "29ABCDE1234F1Z5");
        IrpAnswer.Registered registered = (IrpAnswer.Registered) irp.generate("test", login, nicPayload(body));
        assertThat(irp.cancel("test", login, registered.registration().irn(), "1", "Duplicate")).isInstanceOf(IrpAnswer.Cancelled.class);
        SandboxStats before = sandbox.stats();

        ApiClient.Reply reply = api.post("/v1/einvoices", body, "portal-cnl-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("irp.rejected");
        assertThat(reply.json().get("upstream").get("provider").asString()).isEqualTo("nic-irp");
        assertThat(reply.json().get("upstream").get("code").asString()).isNotBlank();
        String id = reply.json().get("details").get(0).get("message").asString();
        sleep(700); // several worker polls: a rejection must not be picked up again
        assertThat(sandbox.stats().generateCalls() - before.generateCalls()).isEqualTo(1);
        JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
        assertThat(status.get("status").asString()).isEqualTo("failed_terminal");
        assertThat(status.get("errorCode").asString()).isEqualTo("irp.rejected");
    }

    @Test
    void generatesResumeAfterTheCircuitBreakerOpenedOnceTheIrpRecovers() {
        // Every call fails until the generate circuit opens (10 transport failures in a row).
        sandbox.injectFault(Fault.of(FaultMode.DROP_CONNECTION));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("BREAKER-" + i), "breaker-" + i);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            ids.add(reply.json().get("id").asString());
        }
        assertThat(irp.generateCircuitOpen("test")).as("the generate circuit opened").isTrue();
        sandbox.clearFaults();
        for (String id : ids) {
            assertThat(api.awaitFinalStatus(id, Duration.ofSeconds(60)).get("status").asString()).as(id).isEqualTo("generated");
        }
        assertThat(irp.generateCircuitOpen("test")).isFalse();
    }

    @Test
    void twoNodesShareTheBacklogAndSendEachInvoiceOnce() {
        int count = 120;
        SandboxStats before = sandbox.stats();
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("NODES-" + i), "nodes-" + i);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
            ids.add(reply.json().get("id").asString());
        }
        assertThat(sandbox.stats().registrations()).isEqualTo(before.registrations());

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(OpenIrnApplication.class).run(
                "--server.port=0",
                "--openirn.data-dir=" + properties.dataDir(),
                "--spring.datasource.url=" + dataSource.getJdbcUrl(),
                "--spring.datasource.username=" + dataSource.getUsername(),
                "--spring.datasource.password=" + dataSource.getPassword(),
                "--openirn.retry.initial-delay=200ms", "--openirn.retry.max-delay=1s",
                "--openirn.retry.poll-interval=100ms",
                "--openirn.irp.request-timeout=2s")) {
            RunningIrpSandbox secondSandbox = second.getBean(RunningIrpSandbox.class);
            sandbox.clearFaults();
            for (String id : ids) {
                assertThat(api.awaitFinalStatus(id, Duration.ofSeconds(60)).get("status").asString()).as(id).isEqualTo("generated");
            }
            SandboxStats firstAfter = sandbox.stats();
            SandboxStats secondAfter = secondSandbox.stats();
            assertThat(firstAfter.registrations() - before.registrations() + secondAfter.registrations()).isEqualTo(count);
            assertThat(firstAfter.duplicates() - before.duplicates() + secondAfter.duplicates()).isZero();
            assertThat(secondAfter.registrations()).as("the second node took part").isPositive();
        }
    }

    private void registerDirectlyOnTheIrp(String body) {
        IrpAnswer result = irp.generate("test", credentials.forSeller(null, "test", "29ABCDE1234F1Z5"), nicPayload(body));
        assertThat(result).isInstanceOf(IrpAnswer.Registered.class);
    }

    private String nicPayload(String body) {
        return intake.read(body.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, ValidationProfile.LENIENT)
                .nicPayload();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
