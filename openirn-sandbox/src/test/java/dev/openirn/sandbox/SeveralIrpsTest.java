package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicTimestamps;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A sandbox acting as two IRPs ({@code irps(2)}): one registry, a base path, faults and counters each. */
class SeveralIrpsTest {

    private final LocalDate today = LocalDate.now(NicTimestamps.IST);
    private RunningIrpSandbox sandbox;
    private RawNicClient first;
    private RawNicClient second;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().irps(2).dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).start();
        first = client("sandbox-1");
        second = client("sandbox-2");
        assertThat(first.login().status()).isEqualTo(1);
        assertThat(second.login().status()).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private RawNicClient client(String irp) {
        return new RawNicClient(sandbox.irpBaseUrl(irp), sandbox.encryptionPublicKey(), sandbox.clientId(),
                sandbox.clientSecret(), TestInvoices.SELLER);
    }

    private RawNicClient.Answer admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return first.send(request.build(), null);
    }

    @Test
    void namesAndBasePaths() {
        assertThat(sandbox.irpNames()).containsExactly("sandbox-1", "sandbox-2");
        assertThat(sandbox.irpBaseUrl("sandbox-2")).isEqualTo(sandbox.baseUrl() + "/irp/sandbox-2");
        RawNicClient.Answer unknown = new RawNicClient(sandbox.baseUrl() + "/irp/sandbox-7", sandbox.encryptionPublicKey(),
                sandbox.clientId(), sandbox.clientSecret(), TestInvoices.SELLER).login();
        assertThat(unknown.httpStatus()).isEqualTo(404);
    }

    @Test
    void anIrnRegisteredOnOneIrpIsADuplicateOnTheOtherAndReadableThere() {
        JsonNode registered = first.generate(TestInvoices.b2b("TWO-1", today)).data();
        String irn = registered.get("Irn").asString();

        RawNicClient.Answer again = second.generate(TestInvoices.b2b("TWO-1", today));
        assertThat(again.firstErrorCode()).isEqualTo("2150");
        assertThat(again.envelope().at("/InfoDtls/0/InfCd").asString()).isEqualTo("DUPIRN");
        assertThat(again.envelope().at("/InfoDtls/0/Desc/Irn").asString()).isEqualTo(irn);
        assertThat(again.envelope().at("/InfoDtls/0/Desc/AckNo").asLong()).isEqualTo(registered.get("AckNo").asLong());
        assertThat(second.get("/eicore/v1.03/Invoice/irnbydocdetails?doctype=INV&docnum=TWO-1&docdate="
                + today.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"))).data().get("Irn").asString())
                .isEqualTo(irn);

        SandboxStats stats = sandbox.stats();
        assertThat(stats.registrations()).isEqualTo(1);
        assertThat(stats.duplicates()).isEqualTo(1);
        assertThat(stats.irps().get("sandbox-1").registrations()).isEqualTo(1);
        assertThat(stats.irps().get("sandbox-1").duplicates()).isZero();
        assertThat(stats.irps().get("sandbox-2").registrations()).isZero();
        assertThat(stats.irps().get("sandbox-2").duplicates()).isEqualTo(1);
        assertThat(stats.irps().get("sandbox-2").reads()).isEqualTo(1);
        assertThat(stats.irps().get("sandbox-1").authCalls()).isEqualTo(1);
        assertThat(stats.irps().get("sandbox-2").authCalls()).isEqualTo(1);
        assertThat(admin("GET", "/sandbox/stats", null).envelope().at("/irps/sandbox-2/duplicates").asLong()).isEqualTo(1);
    }

    @Test
    void aFaultNamingOneIrpStrikesOnlyThere() {
        RawNicClient.Answer armed = admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"irp\":\"sandbox-1\"}");
        assertThat(armed.httpStatus()).isEqualTo(200);
        assertThat(armed.envelope().path("irp").asString()).isEqualTo("sandbox-1");

        assertThat(first.generate(TestInvoices.b2b("ONE-1", today)).firstErrorCode()).isEqualTo("5002");
        assertThat(second.generate(TestInvoices.b2b("ONE-1", today)).status()).isEqualTo(1);
        assertThat(admin("GET", "/sandbox/faults?irp=sandbox-2", null).envelope().path("mode").isNull()).isTrue();
        assertThat(admin("GET", "/sandbox/faults?irp=sandbox-1", null).envelope().path("mode").asString()).isEqualTo("gsp_down");
        assertThat(sandbox.stats().irps().get("sandbox-1").faulted()).isEqualTo(1);

        admin("DELETE", "/sandbox/faults?irp=sandbox-1", null);
        assertThat(first.generate(TestInvoices.b2b("ONE-2", today)).status()).isEqualTo(1);
    }

    @Test
    void aFaultNamingNoIrpStrikesEveryIrpAndAnArrayMayMixTargets() {
        admin("POST", "/sandbox/faults", "{\"mode\":\"http_500\"}");
        assertThat(first.generate(TestInvoices.b2b("ALL-1", today)).httpStatus()).isEqualTo(500);
        assertThat(second.generate(TestInvoices.b2b("ALL-1", today)).httpStatus()).isEqualTo(500);

        RawNicClient.Answer mixed = admin("POST", "/sandbox/faults",
                "[{\"mode\":\"gsp_down\",\"irp\":\"sandbox-2\"},{\"mode\":\"http_500\",\"count\":1}]");
        assertThat(mixed.httpStatus()).isEqualTo(200);
        // sandbox-1: only the counted http_500; sandbox-2: gsp_down first, always.
        assertThat(first.generate(TestInvoices.b2b("ALL-2", today)).httpStatus()).isEqualTo(500);
        assertThat(first.generate(TestInvoices.b2b("ALL-2", today)).status()).isEqualTo(1);
        assertThat(second.generate(TestInvoices.b2b("ALL-3", today)).firstErrorCode()).isEqualTo("5002");

        assertThat(admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"irp\":\"nowhere\"}").httpStatus()).isEqualTo(400);
        assertThat(admin("POST", "/sandbox/faults", "{\"mode\":\"gsp_down\",\"irp\":7}").httpStatus()).isEqualTo(400);
        admin("DELETE", "/sandbox/faults", null);
        assertThat(second.generate(TestInvoices.b2b("ALL-3", today)).status()).isEqualTo(1);
    }
}
