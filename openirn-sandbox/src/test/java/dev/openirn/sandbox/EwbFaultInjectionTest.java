package dev.openirn.sandbox;

import static dev.openirn.sandbox.EwbClientAgainstSandboxTest.ewayBill;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.testing.MutableClock;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.nic.ewaybill.EwbValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The sandbox's fault API on the e-way bill endpoints, as the e-way bill client sees it, and the movable clock. */
class EwbFaultInjectionTest {

    final MutableClock clock = new MutableClock(EwbClientAgainstSandboxTest.START);
    final NicCredentials seller = new NicCredentials(EwbClientAgainstSandboxTest.SELLER, "sandbox", "Sandbox@123");
    final HttpClient http = HttpClient.newHttpClient();
    RunningIrpSandbox sandbox;
    EwbClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema())
                .clock(clock).start();
        client = new EwbClient(EwbClientAgainstSandboxTest.config(sandbox), clock);
        // Log in first, so faults strike the calls under test rather than the login.
        assertThat(client.getByDocument(seller, "INV", "NONE")).isInstanceOf(EwbOutcome.Refused.class);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    JsonNode admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.body().isEmpty() ? null : NicJson.parse(response.body());
    }

    @Test
    void gspDownIsUnavailableAndNothingIsGenerated() throws Exception {
        admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"count\":1}");
        EwbOutcome<EwbValues.Generated> outcome = client.generate(seller, NicJson.write(ewayBill("F-1", 110001, 0)));
        assertThat(outcome).isInstanceOfSatisfying(EwbOutcome.Unavailable.class,
                down -> assertThat(down.reason()).isEqualTo("EWB : GSPGSTDOWN"));
        assertThat(sandbox.stats().ewbGenerated()).isZero();
        assertThat(client.generate(seller, NicJson.write(ewayBill("F-1", 110001, 0)))).isInstanceOf(EwbOutcome.Ok.class);
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(1);
    }

    @Test
    void timeoutAfterCommitIsUnknownAndResolvedByReadingBackTheDocument() throws Exception {
        admin("POST", "/sandbox/faults", "{\"mode\":\"timeout_after_commit\",\"count\":1,\"latencyMs\":6000}");
        EwbOutcome<EwbValues.Generated> outcome = client.generate(seller, NicJson.write(ewayBill("F-2", 110001, 0)));
        assertThat(outcome).isInstanceOf(EwbOutcome.Unknown.class);
        EwbValues.DocumentMatch made = client.getByDocument(seller, "INV", "F-2").value();
        assertThat(String.valueOf(made.ewayBillNo())).hasSize(12);
        assertThat(client.generate(seller, NicJson.write(ewayBill("F-2", 110001, 0))))
                .isInstanceOfSatisfying(EwbOutcome.Refused.class, refused -> assertThat(refused.hasCode("604")).isTrue());
    }

    @Test
    void http500AndDroppedConnectionsAreUnknownLatencyIsOnlySlow() throws Exception {
        admin("POST", "/sandbox/faults", "{\"mode\":\"http_500\",\"count\":1}");
        assertThat(client.generate(seller, NicJson.write(ewayBill("F-3", 110001, 0)))).isInstanceOf(EwbOutcome.Unknown.class);
        admin("POST", "/sandbox/faults", "{\"mode\":\"drop_connection\",\"count\":1}");
        assertThat(client.generate(seller, NicJson.write(ewayBill("F-3", 110001, 0)))).isInstanceOf(EwbOutcome.Unknown.class);
        assertThat(sandbox.stats().ewbGenerated()).isZero();
        admin("POST", "/sandbox/faults", "{\"mode\":\"latency\",\"count\":1,\"latencyMs\":200}");
        assertThat(client.generate(seller, NicJson.write(ewayBill("F-3", 110001, 0)))).isInstanceOf(EwbOutcome.Ok.class);
    }

    @Test
    void faultsOnTheLoginOnlyWithIncludeAuth() throws Exception {
        NicCredentials other = seller.inScope("another-tenant");
        admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"includeAuth\":true,\"count\":1}");
        assertThat(client.getByDocument(other, "INV", "NONE")).isInstanceOf(EwbOutcome.Unavailable.class);
        assertThat(client.authenticate(other).ok()).isTrue();
    }

    @Test
    void statsCountEwbCallsAndTheClockMovesOverHttp() throws Exception {
        long calls = sandbox.stats().ewbCalls();
        client.getByDocument(seller, "INV", "NONE");
        JsonNode stats = admin("GET", "/sandbox/stats", null);
        assertThat(stats.get("ewbCalls").asLong()).isEqualTo(calls + 1);
        assertThat(stats.get("ewbAuthCalls").asLong()).isEqualTo(1);

        EwbValues.Generated generated = client.generate(seller, NicJson.write(ewayBill("F-4", 560025, 0))).value();
        JsonNode moved = admin("POST", "/sandbox/clock", "{\"advanceSeconds\":90000}");
        assertThat(moved.get("offsetSeconds").asLong()).isEqualTo(90000);
        assertThat(moved.get("now").asString()).isEqualTo("2026-05-15T05:45:27Z");
        assertThat(client.cancel(seller, generated.ewayBillNo(), 2, "late"))
                .isInstanceOfSatisfying(EwbOutcome.Refused.class, refused -> assertThat(refused.hasCode("315")).isTrue());
        assertThat(admin("POST", "/sandbox/clock", "{\"advanceSeconds\":\"soon\"}").get("error").asString())
                .contains("advanceSeconds");
    }
}
