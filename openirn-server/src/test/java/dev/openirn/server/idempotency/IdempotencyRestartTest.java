package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Keys live in PostgreSQL: a restarted (or another) node replays what the first one answered. */
class IdempotencyRestartTest {

    @Test
    void aStoredResponseIsReplayedAfterARestartWithoutRunningAgain() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-idem-restart-");
        String body = ApiClient.quickstartWithNumber("IDEM-RESTART-1");
        ApiClient.Reply original;
        String token;
        try (ConfigurableApplicationContext first = TestServers.start(dataDir)) {
            ApiClient api = new ApiClient(TestServers.port(first));
            token = api.token();
            original = api.post("/v1/einvoices", body, "idem-restart-1");
            assertThat(original.status()).as(original.body()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = TestServers.start(dataDir)) {
            ApiClient api = new ApiClient(TestServers.port(second)).withToken(token);
            RunningIrpSandbox sandbox = second.getBean(RunningIrpSandbox.class);
            long generateCallsBefore = sandbox.stats().generateCalls();

            ApiClient.Reply replay = api.post("/v1/einvoices", body, "idem-restart-1");

            assertThat(replay.status()).isEqualTo(201);
            assertThat(replay.body()).isEqualTo(original.body());
            assertThat(replay.header("Content-Type")).isEqualTo(original.header("Content-Type"));
            assertThat(replay.header(IdempotencyFilter.REPLAY_HEADER)).isEqualTo("true");
            assertThat(replay.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
            assertThat(sandbox.stats().generateCalls()).isEqualTo(generateCallsBefore);
            assertThat(sandbox.stats().registrations()).isZero();
        }
    }
}
