package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicTimestamps;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Several faults armed at once through {@code POST /sandbox/faults} with a JSON array. */
class FaultArrayTest {

    private static final String UNKNOWN_IRN_PATH = "/eicore/v1.03/Invoice/irn/" + "0".repeat(64);

    private final LocalDate today = LocalDate.now(NicTimestamps.IST);
    private RunningIrpSandbox sandbox;
    private RawNicClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).start();
        client = new RawNicClient(sandbox, TestInvoices.SELLER);
        assertThat(client.login().status()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private RawNicClient.Answer admin(String method, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/faults"))
                .timeout(Duration.ofSeconds(10));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), null);
    }

    @Test
    void countedFaultsStrikeInTurnUntilEachRunsOut() {
        RawNicClient.Answer armed = admin("POST", "[{\"mode\":\"http_500\",\"count\":2},{\"mode\":\"gsp_down\",\"count\":1}]");
        assertThat(armed.httpStatus()).isEqualTo(200);
        assertThat(armed.envelope().isArray()).isTrue();
        assertThat(armed.envelope().size()).isEqualTo(2);

        assertThat(client.generate(TestInvoices.b2b("ARR-1", today)).httpStatus()).isEqualTo(500);
        assertThat(client.generate(TestInvoices.b2b("ARR-1", today)).httpStatus()).isEqualTo(500);
        assertThat(client.generate(TestInvoices.b2b("ARR-1", today)).firstErrorCode()).isEqualTo("5002");
        assertThat(sandbox.stats().registrations()).isZero();
        assertThat(client.generate(TestInvoices.b2b("ARR-1", today)).status()).isEqualTo(1);
        assertThat(sandbox.stats().registrations()).isEqualTo(1);
    }

    @Test
    void probabilisticFaultsShareOneDrawSoTheirSlicesNeverOverlap() {
        // 0.6 + 0.4 covers every call: each call fails, and each fault gets its own share of them.
        admin("POST", "[{\"mode\":\"http_500\",\"probability\":0.6},{\"mode\":\"gsp_down\",\"probability\":0.4,\"httpStatus\":503}]");
        int http500 = 0;
        int gspDown = 0;
        for (int call = 0; call < 200; call++) {
            int status = client.get(UNKNOWN_IRN_PATH).httpStatus();
            assertThat(status).isIn(500, 503);
            if (status == 500) {
                http500++;
            } else {
                gspDown++;
            }
        }
        // Binomial(200, 0.6) lies within 80..160 with probability 1 - 1e-9 or so.
        assertThat(http500).isBetween(80, 160);
        assertThat(gspDown).isEqualTo(200 - http500);
        assertThat(client.generate(TestInvoices.b2b("ARR-P", today)).httpStatus()).isIn(500, 503);
        assertThat(sandbox.stats().registrations()).isZero();
    }

    @Test
    void countedFaultsGoFirstThenTheProbabilisticOnes() {
        admin("POST", "[{\"mode\":\"http_500\",\"probability\":0.0},{\"mode\":\"gsp_down\",\"count\":1}]");
        assertThat(client.generate(TestInvoices.b2b("ARR-C", today)).firstErrorCode()).isEqualTo("5002");
        assertThat(client.generate(TestInvoices.b2b("ARR-C", today)).status()).isEqualTo(1);
    }

    @Test
    void probabilitiesOverOneAndNonObjectsAreRejectedKeepingWhatWasArmed() {
        admin("POST", "[{\"mode\":\"gsp_down\",\"count\":1}]");
        assertThat(admin("POST", "[{\"mode\":\"http_500\",\"probability\":0.7},{\"mode\":\"gsp_down\",\"probability\":0.5}]")
                .httpStatus()).isEqualTo(400);
        assertThat(admin("POST", "[\"http_500\"]").httpStatus()).isEqualTo(400);
        assertThat(admin("POST", "[{\"count\":1}]").httpStatus()).isEqualTo(400);
        assertThat(client.generate(TestInvoices.b2b("ARR-R", today)).firstErrorCode()).isEqualTo("5002");
    }

    @Test
    void getListsTheArmedSetAndDeleteClearsAllOfIt() {
        admin("POST", "[{\"mode\":\"latency\",\"latencyMs\":10,\"probability\":0.1},{\"mode\":\"http_500\",\"probability\":0.2}]");
        JsonNode listed = admin("GET", null).envelope();
        assertThat(listed.isArray()).isTrue();
        assertThat(List.of(listed.get(0).get("mode").asString(), listed.get(1).get("mode").asString()))
                .containsExactly("latency", "http_500");

        assertThat(admin("DELETE", null).httpStatus()).isEqualTo(204);
        assertThat(admin("GET", null).envelope().get("mode").isNull()).isTrue();
        for (int call = 0; call < 30; call++) {
            assertThat(client.get(UNKNOWN_IRN_PATH).firstErrorCode()).isEqualTo("2148");
        }

        // A single object keeps working as before, and reads back as an object.
        admin("POST", "{\"mode\":\"http_500\",\"count\":1}");
        assertThat(admin("GET", null).envelope().get("mode").asString()).isEqualTo("http_500");
        assertThat(client.get(UNKNOWN_IRN_PATH).httpStatus()).isEqualTo(500);
        assertThat(client.get(UNKNOWN_IRN_PATH).firstErrorCode()).isEqualTo("2148");
    }

    @Test
    void anEmptyArrayDisarmsEverything() {
        admin("POST", "{\"mode\":\"http_500\"}");
        assertThat(admin("POST", "[]").httpStatus()).isEqualTo(200);
        assertThat(client.get(UNKNOWN_IRN_PATH).firstErrorCode()).isEqualTo("2148");
    }
}
