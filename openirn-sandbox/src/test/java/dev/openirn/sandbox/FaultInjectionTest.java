package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.gst.nic.NicTimestamps;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FaultInjectionTest {

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

    private RawNicClient.Answer admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), null);
    }

    @Test
    void latencyDelaysTheAnswerButStillRegisters() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"latency\",\"latencyMs\":400,\"count\":1}");
        long started = System.nanoTime();
        RawNicClient.Answer answer = client.generate(TestInvoices.b2b("LAT-1", today));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(answer.status()).isEqualTo(1);
    }

    @Test
    void http500AnswersWithoutRegisteringForTheArmedCount() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"http_500\",\"count\":1}");
        assertThat(client.generate(TestInvoices.b2b("H500-1", today)).httpStatus()).isEqualTo(500);
        assertThat(sandbox.stats().registrations()).isZero();
        assertThat(client.generate(TestInvoices.b2b("H500-1", today)).status()).isEqualTo(1);
    }

    @Test
    void gspDownGivesNicSystemErrorWithHttp200OrTheConfiguredStatus() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"count\":1}");
        RawNicClient.Answer down = client.generate(TestInvoices.b2b("GSP-1", today));
        assertThat(down.httpStatus()).isEqualTo(200);
        assertThat(down.status()).isZero();
        assertThat(down.firstErrorCode()).isEqualTo("5002");

        admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"httpStatus\":503}");
        RawNicClient.Answer unavailable = client.get("/eicore/v1.03/Invoice/irn/" + "0".repeat(64));
        assertThat(unavailable.httpStatus()).isEqualTo(503);
        assertThat(unavailable.firstErrorCode()).isEqualTo("5002");
        assertThat(sandbox.stats().registrations()).isZero();
    }

    @Test
    void dropConnectionClosesWithoutAnswerOrRegistration() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"drop_connection\",\"count\":1}");
        assertThatThrownBy(() -> client.generate(TestInvoices.b2b("DROP-1", today))).isInstanceOf(UncheckedIOException.class);
        assertThat(sandbox.stats().registrations()).isZero();
        assertThat(client.generate(TestInvoices.b2b("DROP-1", today)).status()).isEqualTo(1);
    }

    @Test
    void timeoutAfterCommitRegistersThenLeavesTheCallerWithoutAnswer() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"timeout_after_commit\",\"latencyMs\":500,\"count\":1}");
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.generate(TestInvoices.b2b("TAC-1", today))).isInstanceOf(UncheckedIOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(sandbox.stats().registrations()).isEqualTo(1);

        RawNicClient.Answer retry = client.generate(TestInvoices.b2b("TAC-1", today));
        assertThat(retry.firstErrorCode()).isEqualTo("2150");
        assertThat(retry.envelope().at("/InfoDtls/0/Desc/Irn").asString())
                .isEqualTo(dev.openirn.gst.Irn.compute(TestInvoices.SELLER, dev.openirn.gst.FinancialYear.of(today), "INV", "TAC-1"));
    }

    @Test
    void faultsSpareAuthUnlessAskedAndClearOnDelete() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"http_500\"}");
        assertThat(client.login().status()).isEqualTo(1);
        assertThat(client.get("/eicore/v1.03/Invoice/irn/" + "0".repeat(64)).httpStatus()).isEqualTo(500);

        admin("POST", "/sandbox/faults", "{\"mode\":\"http_500\",\"includeAuth\":true}");
        assertThat(client.login().httpStatus()).isEqualTo(500);

        assertThat(admin("DELETE", "/sandbox/faults", null).httpStatus()).isEqualTo(204);
        assertThat(client.login().status()).isEqualTo(1);
        assertThat(client.get("/eicore/v1.03/Invoice/irn/" + "0".repeat(64)).firstErrorCode()).isEqualTo("2148");
    }

    @Test
    void probabilityZeroNeverStrikesAndJavaControlsWorkToo() {
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).withProbability(0.0));
        assertThat(client.generate(TestInvoices.b2b("P0-1", today)).status()).isEqualTo(1);
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN).times(1));
        assertThat(client.generate(TestInvoices.b2b("P0-2", today)).firstErrorCode()).isEqualTo("5002");
        sandbox.clearFaults();
        assertThat(client.generate(TestInvoices.b2b("P0-2", today)).status()).isEqualTo(1);
    }

    @Test
    void statsAndUsersOverTheAdminApi() {
        client.generate(TestInvoices.b2b("ST-1", today));
        client.generate(TestInvoices.b2b("ST-1", today));
        JsonNode stats = admin("GET", "/sandbox/stats", null).envelope();
        assertThat(stats.get("registrations").asLong()).isEqualTo(1);
        assertThat(stats.get("generateCalls").asLong()).isEqualTo(2);
        assertThat(stats.get("duplicates").asLong()).isEqualTo(1);
        assertThat(stats.get("cancellations").asLong()).isZero();
        assertThat(stats.get("authCalls").asLong()).isEqualTo(1);

        RawNicClient.Answer created = admin("POST", "/sandbox/users",
                "{\"gstin\":\"" + TestInvoices.BUYER + "\",\"userName\":\"buyer-api\",\"password\":\"Pw@12345\"}");
        assertThat(created.httpStatus()).isEqualTo(201);
        RawNicClient buyer = new RawNicClient(sandbox, TestInvoices.BUYER);
        assertThat(buyer.login("sandbox", "Sandbox@123", false).firstErrorCode()).isEqualTo("1017");
        assertThat(buyer.login("buyer-api", "Pw@12345", false).status()).isEqualTo(1);

        assertThat(admin("GET", "/sandbox/keys/encryption.pem", null).httpStatus()).isEqualTo(200);
        assertThat(admin("POST", "/sandbox/faults", "{\"mode\":\"nonsense\"}").httpStatus()).isEqualTo(400);
    }
}
