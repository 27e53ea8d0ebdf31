package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The project's own NIC client (openirn-nic) against the sandbox: the pair must agree on every byte. */
class NicClientAgainstSandboxTest {

    private final LocalDate today = LocalDate.now(NicTimestamps.IST);
    private final NicCredentials seller = new NicCredentials(TestInvoices.SELLER, "sandbox", "Sandbox@123");
    private RunningIrpSandbox sandbox;
    private NicClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(TestDatabase.freshSchema()).start();
        NicClientConfig config = new NicClientConfig(URI.create(sandbox.baseUrl()), sandbox.clientId(), sandbox.clientSecret(),
                NicClientConfig.parsePublicKey(sandbox.encryptionPublicKeyPem()),
                NicClientConfig.parseCertificate(sandbox.signingCertificatePem()),
                Duration.ofSeconds(3), NicClientConfig.DEFAULT_REFRESH_BEFORE_EXPIRY);
        client = new NicClient(config);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String invoice(String docNo) {
        return NicJson.write(TestInvoices.b2b(docNo, today));
    }

    @Test
    void generateDuplicateGetCancelAndCancelAgain() {
        NicResult generated = client.generate(seller, invoice("NIC-1"));
        assertThat(generated).isInstanceOf(NicResult.Success.class);
        NicResult.Success success = (NicResult.Success) generated;
        assertThat(success.status()).isEqualTo("ACT");

        NicResult duplicate = client.generate(seller, invoice("nic-1"));
        assertThat(duplicate).isInstanceOfSatisfying(NicResult.Duplicate.class, d -> {
            assertThat(d.irn()).isEqualTo(success.irn());
            assertThat(d.ackNo()).isEqualTo(success.ackNo());
        });

        assertThat(client.getByIrn(seller, success.irn())).isInstanceOfSatisfying(NicResult.Success.class,
                s -> assertThat(s.signedInvoice()).isEqualTo(success.signedInvoice()));
        assertThat(client.getByDocument(seller, "INV", "NIC-1", NicDate.format(today)))
                .isInstanceOfSatisfying(NicResult.Success.class, s -> assertThat(s.irn()).isEqualTo(success.irn()));

        assertThat(client.cancel(seller, success.irn(), "2", "Data entry mistake"))
                .isInstanceOfSatisfying(NicResult.Success.class, s -> assertThat(s.irn()).isEqualTo(success.irn()));
        assertThat(client.cancel(seller, success.irn(), "2", "again"))
                .isInstanceOfSatisfying(NicResult.Rejected.class, r -> assertThat(r.hasCode("9999")).isTrue());
        assertThat(client.gstinDetails(seller, TestInvoices.BUYER)).isInstanceOf(NicResult.Success.class);
    }

    @Test
    void faultsLookToTheClientLikeTheRealThing() {
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).times(1));
        assertThat(client.generate(seller, invoice("F-1"))).isInstanceOfSatisfying(NicResult.TransportFailure.class,
                f -> assertThat(f.kind()).isEqualTo(NicResult.TransportFailure.Kind.HTTP_5XX));

        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN).times(1));
        assertThat(client.generate(seller, invoice("F-1"))).isInstanceOfSatisfying(NicResult.Rejected.class,
                r -> assertThat(r.isIrpSystemError()).isTrue());

        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).withLatency(Duration.ofSeconds(10)).times(1));
        assertThat(client.generate(seller, invoice("F-1"))).isInstanceOf(NicResult.TransportFailure.class);
        assertThat(sandbox.stats().registrations()).isEqualTo(1);
        assertThat(client.generate(seller, invoice("F-1"))).isInstanceOf(NicResult.Duplicate.class);

        sandbox.injectFault(Fault.of(FaultMode.DROP_CONNECTION).times(1));
        assertThat(client.generate(seller, invoice("F-2"))).isInstanceOf(NicResult.TransportFailure.class);
        assertThat(sandbox.stats().registrations()).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsAnAuthFailure() {
        NicResult result = client.generate(new NicCredentials(TestInvoices.SELLER, "sandbox", "wrong"), invoice("A-1"));
        assertThat(result).isInstanceOf(NicResult.AuthFailed.class);
    }

    @Test
    void aCachedSessionIsNeverHandedToAWrongPasswordNorToAnotherScope() {
        NicCredentials owner = seller.inScope("tenant-a");
        assertThat(client.generate(owner, invoice("S-1"))).isInstanceOf(NicResult.Success.class);
        long logins = sandbox.stats().authCalls();

        // Same scope, GSTIN and user, wrong password: refused by the IRP, not served from the owner's session.
        assertThat(client.generate(new NicCredentials("tenant-a", seller.gstin(), seller.userName(), "wrong"), invoice("S-2")))
                .isInstanceOfSatisfying(NicResult.AuthFailed.class,
                        failed -> assertThat(failed.errors()).anySatisfy(e -> assertThat(e.code()).isEqualTo("1019")));
        assertThat(client.generate(new NicCredentials("tenant-b", seller.gstin(), seller.userName(), "wrong"), invoice("S-3")))
                .isInstanceOf(NicResult.AuthFailed.class);
        // Another scope forgetting its session leaves the owner's alone.
        client.forgetSession(seller.inScope("tenant-b"));
        long refusedLogins = sandbox.stats().authCalls() - logins;

        assertThat(client.generate(owner, invoice("S-4"))).isInstanceOf(NicResult.Success.class);
        assertThat(sandbox.stats().authCalls() - logins).isEqualTo(refusedLogins);
    }

    @Test
    void businessRuleViolationsComeBackWithNicCodes() {
        var broken = TestInvoices.b2b("RULE-1", today);
        ((tools.jackson.databind.node.ObjectNode) broken.get("ValDtls")).put("AssVal", new java.math.BigDecimal("2500.00"));
        NicResult result = client.generate(seller, NicJson.write(broken));
        assertThat(result).isInstanceOfSatisfying(NicResult.Rejected.class,
                r -> assertThat(r.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.code()).isNotBlank()));
        assertThat(sandbox.stats().registrations()).isZero();
    }
}
