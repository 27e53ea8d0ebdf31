package dev.openirn.server.einvoice.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The 24-hour window, with a clock the test moves (its own server, database and sandbox, since
 * the clock is shared by every bean including the sandbox).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CancelWindowTest {

    /** The system clock plus an offset the test sets: time keeps running, so leases and timeouts behave. */
    static final class OffsetClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {
        @Bean
        @Primary
        OffsetClock offsetClock() {
            return new OffsetClock();
        }
    }

    @DynamicPropertySource
    static void serverProperties(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("openirn-window-").toString();
        registry.add("openirn.data-dir", () -> dataDir);
        registry.add("openirn.bootstrap.client-id", () -> ApiClient.CLIENT_ID);
        registry.add("openirn.bootstrap.client-secret", () -> ApiClient.CLIENT_SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    OffsetClock clock;

    @Autowired
    RunningIrpSandbox sandbox;

    ApiClient api;

    @BeforeEach
    void connect() {
        clock.offset = Duration.ZERO;
        api = new ApiClient(port);
        api.token();
    }

    @AfterEach
    void resetClock() {
        clock.offset = Duration.ZERO;
    }

    private JsonNode generated(String number) {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void cancelAfter24HoursIsRejectedWithWindowExpiredWithoutAskingTheIrp() {
        JsonNode einvoice = generated("WIN-LATE-1");
        Instant generatedAt = Instant.parse(einvoice.get("generatedAt").asString());
        long before = sandbox.stats().cancellations();
        clock.offset = Duration.between(Instant.now(), generatedAt.plus(Duration.ofHours(24)).plusSeconds(1));

        ApiClient.Reply reply = api.post("/v1/einvoices/" + einvoice.get("id").asString() + "/cancel",
                "{\"reasonCode\": \"4\", \"remarks\": \"Too late\"}", "late-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().get("code").asString()).isEqualTo("einvoice.cancel_window_expired");
        assertThat(reply.json().get("upstream").isNull()).isTrue();
        assertThat(sandbox.stats().cancellations()).isEqualTo(before);
        clock.offset = Duration.ZERO;
        assertThat(api.get("/v1/einvoices/" + einvoice.get("id").asString()).json().get("status").asString())
                .isEqualTo("generated");
    }

    @Test
    void cancelJustInsideThe24HoursSucceeds() {
        JsonNode einvoice = generated("WIN-EDGE-1");
        Instant generatedAt = Instant.parse(einvoice.get("generatedAt").asString());
        long before = sandbox.stats().cancellations();
        clock.offset = Duration.between(Instant.now(), generatedAt.plus(Duration.ofHours(24)).minusSeconds(5));

        ApiClient.Reply reply = api.post("/v1/einvoices/" + einvoice.get("id").asString() + "/cancel",
                "{\"reasonCode\": \"4\", \"remarks\": \"Just in time\"}", "edge-1");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().cancellations()).isEqualTo(before + 1);
    }
}
