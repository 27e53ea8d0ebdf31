package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceStatus;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.retry.LeasedRow;
import dev.openirn.server.retry.RetryPolicy;
import dev.openirn.server.support.NodeIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One attempt per row at a time, also on one node: every claim gets its own lease token, and the
 * attempt pool refuses work rather than running IRP calls on request threads.
 */
class AttemptLeaseTest extends ServerTest {

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    EInvoices invoices;
    @Autowired
    RegistrationAttempts attempts;
    @Autowired
    NodeIdentity node;
    @Autowired
    RetryPolicy policy;

    @DynamicPropertySource
    static void smallPoolNoWorker(DynamicPropertyRegistry registry) {
        registry.add("openirn.retry.worker-enabled", () -> "false");
        registry.add("openirn.retry.attempt-threads", () -> "1");
        registry.add("openirn.retry.attempt-queue", () -> "1");
        registry.add("openirn.irp.sync-deadline", () -> "1s");
        registry.add("openirn.irp.request-timeout", () -> "10s");
    }

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void anAttemptWhoseLeaseWasClaimedAgainOnTheSameNodeDoesNothing() {
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("LEASE-TOKEN-1"), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        String id = reply.json().get("id").asString();
        sandbox.clearFaults();

        // The worker of this node claims the row; the attempt waits in a queue past the lease, and the
        // same node's worker claims the row again.
        Instant due = Instant.now().plusSeconds(60);
        LeasedRow stale = claim(id, due, due.plusSeconds(1));
        LeasedRow current = claim(id, due.plusSeconds(5), Instant.now().plus(policy.lease()));
        assertThat(current.token()).isNotEqualTo(stale.token());
        EInvoice beforeStale = invoices.get(id).orElseThrow();
        int trailBefore = invoices.events(id).size();

        attempts.run(id, stale.token());

        EInvoice afterStale = invoices.get(id).orElseThrow();
        assertThat(afterStale.status()).as("the stale attempt changed nothing").isEqualTo(beforeStale.status());
        assertThat(afterStale.attempts()).as("the stale attempt sent nothing").isEqualTo(beforeStale.attempts());
        assertThat(invoices.events(id)).hasSize(trailBefore);

        attempts.run(id, current.token());

        assertThat(invoices.get(id).orElseThrow().status()).isEqualTo(EInvoiceStatus.GENERATED);
    }

    @Test
    void aFullAttemptPoolAnswers202WithinTheSyncDeadlineInsteadOfCallingTheIrpOnTheRequestThread() {
        sandbox.injectFault(Fault.of(FaultMode.LATENCY).withLatency(Duration.ofSeconds(4)));
        List<CompletableFuture<long[]>> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String number = "POOL-FULL-" + i;
            requests.add(CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), null);
                return new long[] {reply.status(), (System.nanoTime() - start) / 1_000_000};
            }));
        }
        for (CompletableFuture<long[]> request : requests) {
            long[] outcome = request.join();
            assertThat(outcome[0]).isEqualTo(202);
            assertThat(outcome[1]).as("answered within the sync deadline (ms)").isLessThan(3_000);
        }
    }

    private LeasedRow claim(String id, Instant now, Instant leaseUntil) {
        return invoices.claimDue(node.id(), now, leaseUntil, 100).stream()
                .filter(row -> row.id().equals(id)).findFirst().orElseThrow();
    }
}
