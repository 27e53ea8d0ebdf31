package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.TestServers;
import dev.openirn.server.einvoice.EInvoiceEvent;
import dev.openirn.server.einvoice.EInvoices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A node told to stop (SIGTERM, a rolling update) while an IRP attempt is in flight lets it finish and stores the
 * registration itself; it does not cut the call off and leave the row for another node to adopt after the lease.
 */
class GracefulShutdownTest {

    @Test
    void anAttemptInFlightAtShutdownFinishesAndIsStored() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-graceful-");
        String id;
        try (ConfigurableApplicationContext first = TestServers.start(dataDir, "--openirn.irp.sync-deadline=500ms")) {
            first.getBean(RunningIrpSandbox.class)
                    .injectFault(Fault.of(FaultMode.LATENCY).withLatency(Duration.ofSeconds(3)).times(1));
            ApiClient api = new ApiClient(TestServers.port(first));
            ApiClient.Reply accepted = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("GRACE-1"), "grace-1");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.json().get("status").asString()).isEqualTo("queued");
            id = accepted.json().get("id").asString();
        } // closed while the IRP is still answering the generate
        try (ConfigurableApplicationContext second = TestServers.start(dataDir, "--openirn.retry.worker-enabled=false")) {
            EInvoices invoices = second.getBean(EInvoices.class);
            assertThat(invoices.get(id).orElseThrow().status().wireName()).isEqualTo("generated");
            assertThat(invoices.events(id)).extracting(EInvoiceEvent::note)
                    .doesNotContain("adopted the registration found on the IRP");
        }
    }
}
