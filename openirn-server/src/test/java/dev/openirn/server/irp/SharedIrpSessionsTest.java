package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.openirn.gst.Gstin;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two server nodes on one database, each with its in-process sandbox (one registry and one session
 * table, so together they act as one IRP): the IRP sessions are shared, so the IRP sees one login per
 * API user, not one per node, and a token the IRP stops accepting is renewed once for the cluster.
 */
class SharedIrpSessionsTest extends ServerTest {

    private static final int GSTINS = 8;
    private static final int INVOICES_PER_GSTIN_AND_NODE = 3;

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    HikariDataSource dataSource;
    @Autowired
    OpenIrnProperties properties;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void ownContext(DynamicPropertyRegistry registry) {
        // A context of its own, so no other test's logins are counted.
        registry.add("openirn.retry.poll-interval", () -> "200ms");
    }

    @Test
    void twoNodesLogInOncePerApiUserAndRenewAnExpiredTokenOnceForTheCluster() throws Exception {
        Path secondDataDir = Files.createTempDirectory("openirn-second-node-");
        // The same sandbox keys, so either node's sandbox verifies what the other's signed.
        copyDirectory(properties.dataDir().resolve("sandbox-keys"), secondDataDir.resolve("sandbox-keys"));
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(OpenIrnApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + dataSource.getJdbcUrl(),
                "--spring.datasource.username=" + dataSource.getUsername(),
                "--spring.datasource.password=" + dataSource.getPassword(),
                "--openirn.master-key=" + Files.readString(properties.dataDir().resolve("master.key")).strip(),
                "--openirn.data-dir=" + secondDataDir,
                "--openirn.retry.poll-interval=200ms", "--openirn.rate-limit.api=100000",
                "--openirn.rate-limit.token=100000", "--openirn.rate-limit.credentials=100000")) {
            RunningIrpSandbox secondSandbox = second.getBean(RunningIrpSandbox.class);
            ApiClient secondNode = new ApiClient(((WebServerApplicationContext) second).getWebServer().getPort());
            List<String> gstins = new ArrayList<>();
            for (int i = 0; i < GSTINS; i++) {
                String first14 = "29SHRDS" + String.format("%04d", 1000 + i) + "F1Z";
                gstins.add(first14 + Gstin.checkCharacter(first14));
            }
            long loginsBefore = sandbox.stats().authCalls() + secondSandbox.stats().authCalls();

            registerOnBothNodes(gstins, secondNode, "SS-A");

            long logins = sandbox.stats().authCalls() + secondSandbox.stats().authCalls() - loginsBefore;
            assertThat(logins).as("one login per API user (GSTIN) at the IRP, not one per node").isEqualTo(GSTINS);
            assertThat(sandbox.stats().authCalls()).as("both nodes took part").isPositive();
            assertThat(secondSandbox.stats().authCalls() + secondSandbox.stats().generateCalls()).isPositive();
            assertThat(jdbc.sql("select count(*) from irp_session where gstin like '29SHRDS%'").query(Long.class).single())
                    .isEqualTo(GSTINS);
            assertThat(jdbc.sql("select count(distinct master_key_id) from irp_session where gstin like '29SHRDS%'")
                    .query(Long.class).single()).as("sealed under the master key").isEqualTo(1);

            // The IRP stops accepting every token (they expire on its clock): each node finds out on its own,
            // yet each API user logs in once more for the whole cluster.
            sandbox.advanceClock(Duration.ofMinutes(61));
            secondSandbox.advanceClock(Duration.ofMinutes(61));
            long beforeExpiry = sandbox.stats().authCalls() + secondSandbox.stats().authCalls();

            registerOnBothNodes(gstins, secondNode, "SS-B");

            long renewals = sandbox.stats().authCalls() + secondSandbox.stats().authCalls() - beforeExpiry;
            assertThat(renewals).as("one re-login per API user for the cluster").isEqualTo(GSTINS);
        }
    }

    /** Registers invoices of every GSTIN on both nodes at once and waits until all are generated. */
    private void registerOnBothNodes(List<String> gstins, ApiClient secondNode, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int round = 0; round < INVOICES_PER_GSTIN_AND_NODE; round++) {
                for (String gstin : gstins) {
                    for (ApiClient node : List.of(api, secondNode)) {
                        String number = ApiClient.uniqueNumber(prefix);
                        String body = ApiClient.quickstartWithNumber(number).replace("29ABCDE1234F1Z5", gstin);
                        posted.add(pool.submit(() -> {
                            ApiClient.Reply reply = node.post("/v1/einvoices", body, number);
                            assertThat(reply.status()).as(reply.body()).isIn(201, 202);
                            return reply.json().get("id").asString();
                        }));
                    }
                }
            }
            for (Future<String> id : posted) {
                assertThat(api.awaitFinalStatus(id.get(), Duration.ofSeconds(120)).get("status").asString())
                        .isEqualTo("generated");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void copyDirectory(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
