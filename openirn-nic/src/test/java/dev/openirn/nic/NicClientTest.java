package dev.openirn.nic;

import dev.openirn.gst.testing.MutableClock;
import dev.openirn.gst.nic.NicJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.nic.crypto.NicCrypto;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NicClientTest {

    private static final String PASSWORD = "Test@1234";
    private static final NicCredentials CREDENTIALS = new NicCredentials("01AMBPG7773M002", "testuser", PASSWORD);
    private static final String IRN = "706daeccda0ef6f818da78f3a2a05a1288731057373002289b46c3229289a2e7";
    private static final Instant NOW = Instant.parse("2025-08-10T07:00:00Z");

    private ScriptedIrp irp;
    private MutableClock clock;
    private NicClient client;

    @BeforeEach
    void start() throws Exception {
        irp = new ScriptedIrp(PASSWORD);
        irp.tokenExpiry = NOW.plus(Duration.ofMinutes(60));
        clock = new MutableClock(NOW);
        client = new NicClient(config(null), clock);
    }

    @AfterEach
    void stop() {
        irp.close();
    }

    private NicClientConfig config(java.security.cert.X509Certificate signingCertificate) {
        return new NicClientConfig(irp.baseUrl(), "client-1", "secret-1", irp.encryptionKeys.getPublic(),
                signingCertificate, Duration.ofMillis(1500), Duration.ofMinutes(10));
    }

    private static String generated(String signedInvoice, String signedQr) {
        return "{\"AckNo\":232210036743849,\"AckDt\":\"2022-09-16 19:29:00\",\"Irn\":\"" + IRN + "\","
                + "\"SignedInvoice\":\"" + signedInvoice + "\",\"SignedQRCode\":\"" + signedQr + "\","
                + "\"Status\":\"ACT\",\"EwbNo\":null,\"EwbDt\":null,\"EwbValidTill\":null,\"Remarks\":null}";
    }

    // --- wire format

    @Test
    void loginFollowsNicV104AndCallsCarryTheSessionHeaders() {
        irp.script = seen -> ScriptedIrp.ok("{\"Gstin\":\"29AWGPV7107B1Z1\",\"StateCode\":29}");

        NicResult result = client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");

        assertThat(result).isInstanceOf(NicResult.Success.class);
        assertThat(((NicResult.Success) result).data().path("StateCode").intValue()).isEqualTo(29);
        var login = irp.loginPayloads.get(0);
        assertThat(login.path("UserName").stringValue()).isEqualTo("testuser");
        assertThat(login.path("Password").stringValue()).isEqualTo(PASSWORD);
        assertThat(Base64.getDecoder().decode(login.path("AppKey").stringValue())).hasSize(32);
        assertThat(login.path("ForceRefreshAccessToken").booleanValue()).isFalse();
        ScriptedIrp.Seen seen = irp.calls.get(0);
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.pathAndQuery()).isEqualTo("/eivital/v1.04/Master/gstin/29AWGPV7107B1Z1");
        assertThat(seen.header("client_id")).isEqualTo("client-1");
        assertThat(seen.header("client_secret")).isEqualTo("secret-1");
        assertThat(seen.header("Gstin")).isEqualTo("01AMBPG7773M002");
        assertThat(seen.header("user_name")).isEqualTo("testuser");
        assertThat(seen.header("AuthToken")).isEqualTo("token1");
    }

    @Test
    void generateEncryptsTheInvoiceTextByteForByte() {
        String invoice = "{\"Version\":\"1.1\",\"ValDtls\":{\"AssVal\":100.0,\"TotInvVal\":12908.00,\"RndOffAmt\":0.0}}";
        irp.script = seen -> ScriptedIrp.ok(generated("a.b.c", "d.e.f"));

        client.generate(CREDENTIALS, invoice);

        assertThat(irp.calls.get(0).method()).isEqualTo("POST");
        assertThat(irp.calls.get(0).pathAndQuery()).isEqualTo("/eicore/v1.03/Invoice");
        assertThat(irp.calls.get(0).plainBody()).isEqualTo(invoice);
    }

    @Test
    void cancelSendsIrnReasonAndRemarksAsInTheVector() {
        irp.script = seen -> ScriptedIrp.ok("{\"Irn\":\"" + IRN + "\",\"CancelDate\":\"2022-09-17 18:09:00\"}");

        NicResult result = client.cancel(CREDENTIALS, IRN, "1", "Wrong entry");

        assertThat(irp.calls.get(0).pathAndQuery()).isEqualTo("/eicore/v1.03/Invoice/Cancel");
        assertThat(irp.calls.get(0).plainBody()).isEqualTo(
                NicJson.parse(TestSigning.resource("crypto_test_vectors.json")).path("cancel_request_plain_json").stringValue());
        assertThat(((NicResult.Success) result).cancelDate()).isEqualTo("2022-09-17 18:09:00");
        assertThat(((NicResult.Success) result).irn()).isEqualTo(IRN);
    }

    @Test
    void getByDocumentSendsEncodedQueryParameters() {
        irp.script = seen -> ScriptedIrp.ok(generated("a.b.c", "d.e.f"));

        client.getByDocument(CREDENTIALS, "INV", "SJ/JRC/0224/0011", "01/02/2024");

        assertThat(irp.calls.get(0).pathAndQuery())
                .isEqualTo("/eicore/v1.03/Invoice/irnbydocdetails?doctype=INV&docnum=SJ%2FJRC%2F0224%2F0011&docdate=01%2F02%2F2024");
    }

    @Test
    void getByIrnUsesTheIrnPath() {
        irp.script = seen -> ScriptedIrp.ok(generated("a.b.c", "d.e.f"));

        client.getByIrn(CREDENTIALS, IRN);

        assertThat(irp.calls.get(0).pathAndQuery()).isEqualTo("/eicore/v1.03/Invoice/irn/" + IRN);
    }

    // --- result kinds

    @Test
    void successExposesTheGeneratedFieldsAndInfo() {
        irp.script = seen -> new ScriptedIrp.Ok(generated("a.b.c", "d.e.f"),
                "[{\"InfCd\":\"EWBERR\",\"Desc\":[{\"ErrorCode\":\"4019\",\"ErrorMessage\":\"Provide Transporter ID\"}]}]");

        NicResult.Success success = (NicResult.Success) client.generate(CREDENTIALS, "{}");

        assertThat(success.irn()).isEqualTo(IRN);
        assertThat(success.ackNo()).isEqualTo(232210036743849L);
        assertThat(success.ackDate()).isEqualTo("2022-09-16 19:29:00");
        assertThat(success.signedInvoice()).isEqualTo("a.b.c");
        assertThat(success.signedQrCode()).isEqualTo("d.e.f");
        assertThat(success.status()).isEqualTo("ACT");
        assertThat(success.cancelDate()).isNull();
        assertThat(success.info()).singleElement().satisfies(info -> {
            assertThat(info.code()).isEqualTo("EWBERR");
            assertThat(info.desc().get(0).path("ErrorCode").stringValue()).isEqualTo("4019");
        });
    }

    @Test
    void duplicateIrnWithDupirnInfoIsDuplicate() {
        irp.script = seen -> ScriptedIrp.rejected("[{\"ErrorCode\":\"2150\",\"ErrorMessage\":\"Duplicate IRN\"}]",
                "[{\"Desc\":{\"AckDt\":\"2025-08-10 12:41:00\",\"AckNo\":112510000000001,\"Irn\":\"" + IRN + "\"},\"InfCd\":\"DUPIRN\"}]");

        NicResult result = client.generate(CREDENTIALS, "{}");

        assertThat(result).isEqualTo(new NicResult.Duplicate(List.of(new NicError("2150", "Duplicate IRN")),
                IRN, 112510000000001L, "2025-08-10 12:41:00"));
    }

    @Test
    void businessErrorsAreRejectedWithEveryError() {
        irp.script = seen -> ScriptedIrp.rejected("[{\"ErrorCode\":\"2172\",\"ErrorMessage\":\"Invalid HSN\"},"
                + "{\"ErrorCode\":\"3029\",\"ErrorMessage\":\"GSTIN is inactive or cancelled\"}]", null);

        NicResult result = client.generate(CREDENTIALS, "{}");

        assertThat(result).isInstanceOf(NicResult.Rejected.class);
        NicResult.Rejected rejected = (NicResult.Rejected) result;
        assertThat(rejected.errors()).extracting(NicError::code).containsExactly("2172", "3029");
        assertThat(rejected.hasCode("3029")).isTrue();
    }

    @Test
    void errorDetailsAsBase64TextAndLowerCaseStringStatusAreRead() {
        String errors = Base64.getEncoder().encodeToString(
                "[{\"ErrorCode\":\"2270\",\"ErrorMessage\":\"The allowed cancellation time limit is crossed\"}]"
                        .getBytes(StandardCharsets.UTF_8));
        irp.script = seen -> new ScriptedIrp.Raw(200, "{\"status\":\"0\",\"ErrorDetails\":\"" + errors + "\"}");

        NicResult result = client.cancel(CREDENTIALS, IRN, "1", "late");

        assertThat(((NicResult.Rejected) result).errors()).containsExactly(
                new NicError("2270", "The allowed cancellation time limit is crossed"));
    }

    @Test
    void stringStatusOneIsSuccess() {
        irp.script = seen -> new ScriptedIrp.Raw(200,
                "{\"status\":\"1\",\"Data\":\"" + NicCrypto.encryptJson(irp.sek(), "{\"Irn\":\"" + IRN + "\"}") + "\"}");

        NicResult result = client.getByIrn(CREDENTIALS, IRN);

        assertThat(((NicResult.Success) result).irn()).isEqualTo(IRN);
    }

    @Test
    void wrongPasswordIsAuthFailedNotAnOutage() {
        NicCredentials wrong = new NicCredentials(CREDENTIALS.gstin(), CREDENTIALS.userName(), "stale");

        NicResult result = client.generate(wrong, "{}");

        assertThat(result).isEqualTo(new NicResult.AuthFailed(List.of(new NicError("1019", "Incorrect Password"))));
        assertThat(irp.calls).isEmpty();
    }

    @Test
    void credentialCodesOnAnyCallAreAuthFailed() {
        irp.script = seen -> ScriptedIrp.rejected("[{\"ErrorCode\":\"1010\",\"ErrorMessage\":\"Invalid Client-ID/Client-Secret\"}]", null);

        assertThat(client.getByIrn(CREDENTIALS, IRN)).isInstanceOf(NicResult.AuthFailed.class);
    }

    @Test
    void serverErrorIsHttp5xx() {
        irp.script = seen -> new ScriptedIrp.Raw(503, "<html>Service Unavailable</html>");

        assertThat(kindOf(client.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.HTTP_5XX);
    }

    @Test
    void nonEnvelopeAnswerIsProtocol() {
        irp.script = seen -> new ScriptedIrp.Raw(200, "<html>GSP maintenance</html>");

        assertThat(kindOf(client.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.PROTOCOL);
    }

    @Test
    void dataEncryptedWithAnotherKeyIsUndecryptable() {
        String foreign = NicCrypto.encryptJson(NicCrypto.newKey(), "{\"Irn\":\"" + IRN + "\"}");
        irp.script = seen -> new ScriptedIrp.Raw(200, "{\"Status\":1,\"Data\":\"" + foreign + "\"}");

        assertThat(kindOf(client.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.UNDECRYPTABLE);
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsTimeout() {
        irp.script = seen -> new ScriptedIrp.Stall(Duration.ofSeconds(4));

        assertThat(kindOf(client.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.TIMEOUT);
    }

    @Test
    void connectionClosedWithoutAnswerIsConnection() {
        irp.script = seen -> new ScriptedIrp.Hangup();

        assertThat(kindOf(client.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.CONNECTION);
    }

    @Test
    void unreachableIrpIsConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NicClient unreachable = new NicClient(new NicClientConfig(URI.create("http://127.0.0.1:" + closedPort),
                "c", "s", irp.encryptionKeys.getPublic(), null, Duration.ofSeconds(1), Duration.ofMinutes(10)), clock);

        assertThat(kindOf(unreachable.generate(CREDENTIALS, "{}"))).isEqualTo(NicResult.TransportFailure.Kind.CONNECTION);
    }

    private static NicResult.TransportFailure.Kind kindOf(NicResult result) {
        assertThat(result).isInstanceOf(NicResult.TransportFailure.class);
        return ((NicResult.TransportFailure) result).kind();
    }

    // --- sessions

    @Test
    void sessionIsReusedUntilRefreshBeforeExpiryThenRenewedWithForceRefresh() {
        irp.script = seen -> ScriptedIrp.ok("{}");

        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");
        clock.advance(Duration.ofMinutes(49));
        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");
        assertThat(irp.logins.get()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");

        assertThat(irp.logins.get()).isEqualTo(2);
        assertThat(irp.loginPayloads.get(1).path("ForceRefreshAccessToken").booleanValue()).isTrue();
    }

    @Test
    void sessionsAreSeparatePerGstinAndUser() {
        irp.script = seen -> ScriptedIrp.ok("{}");

        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");
        client.gstinDetails(new NicCredentials("36AMBPG7773M002", "testuser", PASSWORD), "29AWGPV7107B1Z1");
        client.gstinDetails(new NicCredentials("01AMBPG7773M002", "otheruser", PASSWORD), "29AWGPV7107B1Z1");

        assertThat(irp.logins.get()).isEqualTo(3);
    }

    @Test
    void invalidTokenLogsInAgainAndRetriesOnce() {
        irp.script = seen -> ScriptedIrp.ok("{\"Irn\":\"" + IRN + "\"}");
        client.getByIrn(CREDENTIALS, IRN);
        irp.invalidateToken();

        NicResult result = client.getByIrn(CREDENTIALS, IRN);

        assertThat(result).isInstanceOf(NicResult.Success.class);
        assertThat(irp.logins.get()).isEqualTo(2);
        assertThat(irp.calls).hasSize(3);
    }

    @Test
    void tokenRefusedEvenAfterAFreshLoginIsAuthFailedAfterOneRetry() {
        irp.script = seen -> ScriptedIrp.rejected("[{\"ErrorCode\":\"1005\",\"ErrorMessage\":\"Invalid Token\"}]", null);

        NicResult result = client.getByIrn(CREDENTIALS, IRN);

        assertThat(result).isInstanceOf(NicResult.AuthFailed.class);
        assertThat(irp.logins.get()).isEqualTo(2);
        assertThat(irp.calls).hasSize(2);
    }

    @Test
    void twentyConcurrentCallersCauseExactlyOneLogin() throws Exception {
        irp.loginDelay = Duration.ofMillis(300);
        irp.script = seen -> ScriptedIrp.ok("{\"Irn\":\"" + IRN + "\"}");
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch startTogether = new CountDownLatch(1);
            List<Future<NicResult>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(callers.submit(() -> {
                    startTogether.await();
                    return client.getByIrn(CREDENTIALS, IRN);
                }));
            }
            startTogether.countDown();
            for (Future<NicResult> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isInstanceOf(NicResult.Success.class);
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(irp.logins.get()).isEqualTo(1);
        assertThat(irp.calls).hasSize(20);
    }

    @Test
    void authenticateIsAFreshLoginThatLeavesTheCacheAlone() {
        irp.script = seen -> ScriptedIrp.ok("{}");

        AuthOutcome first = client.authenticate(CREDENTIALS);
        AuthOutcome second = client.authenticate(CREDENTIALS);
        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");

        assertThat(first.ok()).isTrue();
        assertThat(first.latency()).isPositive();
        assertThat(first.tokenExpiry()).isEqualTo(NOW.plus(Duration.ofMinutes(60)));
        assertThat(second.ok()).isTrue();
        assertThat(irp.logins.get()).isEqualTo(3);
    }

    @Test
    void authenticateReportsTheNicErrorOfARefusal() {
        AuthOutcome outcome = client.authenticate(new NicCredentials(CREDENTIALS.gstin(), CREDENTIALS.userName(), "bad"));

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.errorCode()).isEqualTo("1019");
        assertThat(outcome.errorMessage()).isEqualTo("Incorrect Password");
        assertThat(outcome.transportFailure()).isNull();
    }

    // --- signatures

    @Test
    void signaturesVerifiedAgainstTheConfiguredCertificateKeepSuccess() {
        NicClient verifying = new NicClient(config(TestSigning.CERTIFICATE), clock);
        String invoice = TestSigning.sign("{\"AckNo\":232210036743849,\"Irn\":\"" + IRN + "\"}");
        String qr = TestSigning.sign("{\"Irn\":\"" + IRN + "\",\"TotInvVal\":100.0}");
        irp.script = seen -> ScriptedIrp.ok(generated(invoice, qr));

        NicResult result = verifying.generate(CREDENTIALS, "{}");

        assertThat(result).isInstanceOf(NicResult.Success.class);
    }

    @Test
    void aSignatureThatFailsIsSignatureInvalidNotSuccess() {
        NicClient verifying = new NicClient(config(TestSigning.CERTIFICATE), clock);
        String invoice = TestSigning.sign("{\"Irn\":\"" + IRN + "\"}");
        String foreignQr = TestSigning.sign("{\"Irn\":\"" + IRN + "\"}", "1513B821EE46C749A63B86E318BF711099287D1F",
                TestSigning.PRIVATE_KEY);
        irp.script = seen -> ScriptedIrp.ok(generated(invoice, foreignQr));

        NicResult result = verifying.generate(CREDENTIALS, "{}");

        assertThat(result).isInstanceOf(NicResult.SignatureInvalid.class);
        NicResult.SignatureInvalid invalid = (NicResult.SignatureInvalid) result;
        assertThat(invalid.unverified().irn()).isEqualTo(IRN);
        assertThat(invalid.problem()).contains("kid");
    }

    // --- login trouble that is not about the credentials

    @Test
    void loginApplicationErrorIsNotARejectionOfTheInvoice() {
        irp.loginAnswer = new ScriptedIrp.Raw(200,
                "{\"Status\":0,\"ErrorDetails\":[{\"ErrorCode\":\"5002\",\"ErrorMessage\":\"Application error\"}]}");

        NicResult result = client.generate(CREDENTIALS, "{}");
        AuthOutcome outcome = client.authenticate(CREDENTIALS);

        assertThat(kindOf(result)).isEqualTo(NicResult.TransportFailure.Kind.PROTOCOL);
        assertThat(outcome.errorCode()).isEqualTo("5002");
        assertThat(irp.calls).isEmpty();
    }

    @Test
    void failedEarlyRefreshKeepsUsingTheUnexpiredToken() {
        irp.script = seen -> ScriptedIrp.ok("{}");
        client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");
        clock.advance(Duration.ofMinutes(55));
        irp.loginAnswer = new ScriptedIrp.Raw(503, "down");

        NicResult result = client.gstinDetails(CREDENTIALS, "29AWGPV7107B1Z1");

        assertThat(result).isInstanceOf(NicResult.Success.class);
        assertThat(irp.logins.get()).isEqualTo(2);
        assertThat(irp.calls.get(1).header("AuthToken")).isEqualTo("token1");
    }

    @Test
    void errorsWithoutCodesAreStillRejections() {
        irp.script = seen -> new ScriptedIrp.Raw(200, "{\"Status\":0,\"ErrorDetails\":\"Something went wrong\"}");

        NicResult result = client.generate(CREDENTIALS, "{}");

        assertThat(((NicResult.Rejected) result).errors()).containsExactly(new NicError(null, "Something went wrong"));
        assertThat(((NicResult.Rejected) result).isIrpSystemError()).isFalse();
    }

    @Test
    void irpApplicationErrorIsFlaggedAsSystemError() {
        irp.script = seen -> ScriptedIrp.rejected("[{\"ErrorCode\":\"5002\",\"ErrorMessage\":\"Application error\"}]", null);

        assertThat(((NicResult.Rejected) client.generate(CREDENTIALS, "{}")).isIrpSystemError()).isTrue();
    }
}
