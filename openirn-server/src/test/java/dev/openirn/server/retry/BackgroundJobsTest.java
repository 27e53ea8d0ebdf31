package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import dev.openirn.server.TestServers;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Each background job runs on its own thread: one that is stuck does not stop the others. */
class BackgroundJobsTest extends FastRetriesServerTest {

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    HikariDataSource dataSource;

    @DynamicPropertySource
    static void frequentPurges(DynamicPropertyRegistry registry) {
        registry.add("openirn.idempotency.purge-interval", () -> "200ms");
    }

    @Test
    void retriesGoOnWhileTheIdempotencyPurgeIsStuck() throws Exception {
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement statement = blocker.createStatement()) {
                // The purge job waits for this lock for as long as the transaction stays open.
                statement.execute("lock table idempotency_key in access exclusive mode");
            }
            Thread.sleep(600); // the purge has run into the lock by now

            sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN).times(1));
            ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("JOBS-APART-1"), null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);

            JsonNode status = api.awaitFinalStatus(reply.json().get("id").asString(), Duration.ofSeconds(20));
            assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("generated");
            blocker.rollback();
        } finally {
            sandbox.clearFaults();
        }
    }

    @Test
    void theJobThreadsStopWithTheApplication() throws Exception {
        Set<Thread> before = jobThreads();
        ConfigurableApplicationContext context = TestServers.start(Files.createTempDirectory("openirn-jobs-"));
        Set<Thread> started;
        try {
            started = jobThreads();
            started.removeAll(before);
            assertThat(started.stream().map(Thread::getName).collect(Collectors.toSet()))
                    .contains("openirn-retry-worker", "openirn-cancel-worker", "openirn-idempotency-purge",
                            "openirn-rate-limit-purge");
        } finally {
            context.close();
        }
        for (Thread thread : started) {
            thread.join(5_000);
            assertThat(thread.isAlive()).as(thread.getName()).isFalse();
        }
    }

    private static Set<Thread> jobThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("openirn-"))
                .collect(Collectors.toSet());
    }
}
