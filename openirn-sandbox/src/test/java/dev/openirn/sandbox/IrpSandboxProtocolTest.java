package dev.openirn.sandbox;

import dev.openirn.gst.testing.MutableClock;
import dev.openirn.gst.nic.NicJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class IrpSandboxProtocolTest {

    /** 2026-05-14 10:15:27 IST. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-14T04:45:27Z"));
    private final LocalDate today = LocalDate.of(2026, 5, 14);
    private RunningIrpSandbox sandbox;
    private RawNicClient client;

    @BeforeEach
    void start() {
        sandbox = IrpSandbox.builder()
                .dataSource(TestDatabase.dataSource())
                .schema(TestDatabase.freshSchema())
                .clock(clock)
                .start();
        client = new RawNicClient(sandbox, TestInvoices.SELLER);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void loginGivesTokenAndSessionKeyAndTheSameTokenUntilExpiry() {
        RawNicClient.Answer first = client.login();
        assertThat(first.status()).isEqualTo(1);
        JsonNode data = first.envelope().get("Data");
        assertThat(data.get("ClientId").asString()).isEqualTo(sandbox.clientId());
        assertThat(data.get("UserName").asString()).isEqualTo("sandbox");
        assertThat(data.get("Sek").asString()).hasSize(64);
        assertThat(data.get("TokenExpiry").asString()).isEqualTo("2026-05-14 11:15:27");
        assertThat(client.sek).hasSize(32);
        String token = client.authToken;
        byte[] sek = client.sek;

        clock.advance(Duration.ofMinutes(30));
        assertThat(client.login().status()).isEqualTo(1);
        assertThat(client.authToken).isEqualTo(token);
        assertThat(client.sek).isEqualTo(sek);

        // ForceRefresh is honoured only in the last 10 minutes.
        assertThat(client.login("sandbox", "Sandbox@123", true).status()).isEqualTo(1);
        assertThat(client.authToken).isEqualTo(token);
        clock.advance(Duration.ofMinutes(21));
        assertThat(client.login("sandbox", "Sandbox@123", true).status()).isEqualTo(1);
        assertThat(client.authToken).isNotEqualTo(token);
    }

    @Test
    void loginErrorsUseNicCodes() {
        assertThat(client.login("sandbox", "wrong", false).firstErrorCode()).isEqualTo("1019");
        assertThat(client.login("someone", "Sandbox@123", false).firstErrorCode()).isEqualTo("1017");

        sandbox.registerUser(TestInvoices.SELLER, "erp-user", "S3cret!pass");
        assertThat(client.login("sandbox", "Sandbox@123", false).firstErrorCode()).isEqualTo("1017");
        assertThat(client.login("erp-user", "nope", false).firstErrorCode()).isEqualTo("1019");
        assertThat(client.login("erp-user", "S3cret!pass", false).status()).isEqualTo(1);

        var credentials = NicJson.object().put("UserName", "sandbox").put("Password", "Sandbox@123")
                .put("AppKey", Base64.getEncoder().encodeToString(new byte[16]));
        assertThat(new RawNicClient(sandbox, TestInvoices.BUYER).loginWithPayload(credentials, new byte[16], "sandbox")
                .firstErrorCode()).isEqualTo("1016");

        var noClientId = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/eivital/v1.04/auth"))
                .header("client_secret", "x").header("Gstin", TestInvoices.SELLER)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Data\":\"x\"}")).build();
        assertThat(client.send(noClientId, null).firstErrorCode()).isEqualTo("1011");
        var wrongSecret = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/eivital/v1.04/auth"))
                .header("client_id", sandbox.clientId()).header("client_secret", "x").header("Gstin", TestInvoices.SELLER)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Data\":\"x\"}")).build();
        assertThat(client.send(wrongSecret, null).firstErrorCode()).isEqualTo("1010");
        var noGstin = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sandbox.baseUrl() + "/eivital/v1.04/auth"))
                .header("client_id", sandbox.clientId()).header("client_secret", sandbox.clientSecret())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Data\":\"x\"}")).build();
        RawNicClient.Answer missingGstin = client.send(noGstin, null);
        assertThat(missingGstin.httpStatus()).isEqualTo(200);
        assertThat(missingGstin.firstErrorCode()).isEqualTo("1004");
    }

    @Test
    void generateDuplicateGetCancelAndCancelAgain() {
        client.login();
        RawNicClient.Answer generated = client.generate(TestInvoices.b2b("Inv/26-27/001", today));
        assertThat(generated.status()).isEqualTo(1);
        JsonNode data = generated.data();
        String irn = data.get("Irn").asString();
        assertThat(irn).isEqualTo(dev.openirn.gst.Irn.compute(TestInvoices.SELLER, "2026-27", "INV", "INV/26-27/001"));
        assertThat(data.get("AckNo").isNumber()).isTrue();
        assertThat(data.get("AckNo").asString()).hasSize(15).startsWith("11261");
        assertThat(data.get("AckDt").asString()).isEqualTo("2026-05-14 10:15:00");
        assertThat(data.get("Status").asString()).isEqualTo("ACT");
        assertThat(data.has("EwbNo")).isTrue();
        assertThat(data.get("EwbNo").isNull()).isTrue();

        RawNicClient.Answer duplicate = client.generate(TestInvoices.b2b("INV/26-27/001", today));
        assertThat(duplicate.httpStatus()).isEqualTo(200);
        assertThat(duplicate.status()).isZero();
        assertThat(duplicate.firstErrorCode()).isEqualTo("2150");
        assertThat(duplicate.envelope().at("/ErrorDetails/0/ErrorMessage").asString()).isEqualTo("Duplicate IRN");
        JsonNode info = duplicate.envelope().at("/InfoDtls/0");
        assertThat(info.get("InfCd").asString()).isEqualTo("DUPIRN");
        assertThat(info.at("/Desc/Irn").asString()).isEqualTo(irn);
        assertThat(info.at("/Desc/AckNo").asLong()).isEqualTo(data.get("AckNo").asLong());
        assertThat(info.at("/Desc/AckDt").asString()).isEqualTo("2026-05-14 10:15:00");

        RawNicClient.Answer byIrn = client.get("/eicore/v1.03/Invoice/irn/" + irn);
        assertThat(byIrn.status()).isEqualTo(1);
        assertThat(byIrn.data().get("SignedInvoice").asString()).isEqualTo(data.get("SignedInvoice").asString());
        RawNicClient.Answer byDoc = client.get("/eicore/v1.03/Invoice/irnbydocdetails?doctype=INV&docnum=inv%2F26-27%2F001&docdate=14%2F05%2F2026");
        assertThat(byDoc.data().get("Irn").asString()).isEqualTo(irn);

        clock.advance(Duration.ofMinutes(50));
        RawNicClient.Answer cancelled = client.cancel(irn);
        assertThat(cancelled.status()).as(cancelled.envelope().toString()).isEqualTo(1);
        assertThat(cancelled.data().get("Irn").asString()).isEqualTo(irn);
        assertThat(cancelled.data().get("CancelDate").asString()).isEqualTo("2026-05-14 11:05:27");
        assertThat(client.get("/eicore/v1.03/Invoice/irn/" + irn).data().get("Status").asString()).isEqualTo("CNL");

        RawNicClient.Answer again = client.post("/eicore/v1.03/Cancel",
                NicJson.object().put("Irn", irn).put("CnlRsn", "1 ").put("CnlRem", "again"));
        assertThat(again.firstErrorCode()).isEqualTo("9999");
        assertThat(again.envelope().at("/ErrorDetails/0/ErrorMessage").asString()).isEqualTo("Invoice is not active");

        RawNicClient.Answer regenerate = client.generate(TestInvoices.b2b("INV/26-27/001", today));
        assertThat(regenerate.firstErrorCode()).isEqualTo("2278");

        assertThat(sandbox.stats()).usingRecursiveComparison().ignoringFields("irps")
                .isEqualTo(new SandboxStats(1, 3, 1, 1, 1, 0, 0, 0, 0, java.util.Map.of()));
    }

    @Test
    void cancelAfter24HoursIsRejectedWithTimeLimitCrossed() {
        client.login();
        String irn = client.generate(TestInvoices.b2b("LATE-1", today)).data().get("Irn").asString();
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        client.login();
        RawNicClient.Answer late = client.cancel(irn);
        assertThat(late.firstErrorCode()).isEqualTo("2270");
    }

    @Test
    void getByIrnAfterTwoDaysIsRejectedWith2283() {
        client.login();
        String irn = client.generate(TestInvoices.b2b("OLD-1", today)).data().get("Irn").asString();
        clock.advance(Duration.ofDays(2).minusMinutes(1));
        client.login();
        assertThat(client.get("/eicore/v1.03/Invoice/irn/" + irn).status()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.get("/eicore/v1.03/Invoice/irn/" + irn).firstErrorCode()).isEqualTo("2283");
        assertThat(client.get("/eicore/v1.03/Invoice/irnbydocdetails?doctype=INV&docnum=OLD-1&docdate=14/05/2026")
                .firstErrorCode()).isEqualTo("2283");
    }

    @Test
    void signedInvoiceAndQrCodeHaveNicLayoutAndVerifyAgainstTheCertificate() throws Exception {
        client.login();
        JsonNode data = client.generate(TestInvoices.b2b("JWT-7", today)).data();
        String thumbprint = HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-1").digest(sandbox.signingCertificate().getEncoded()));
        RSASSAVerifier verifier = new RSASSAVerifier((RSAPublicKey) sandbox.signingCertificate().getPublicKey());

        for (String name : List.of("SignedInvoice", "SignedQRCode")) {
            JWSObject jws = JWSObject.parse(data.get(name).asString());
            assertThat(jws.verify(verifier)).as(name).isTrue();
            String header = new String(Base64.getUrlDecoder().decode(data.get(name).asString().split("\\.")[0]));
            JsonNode headerJson = NicJson.parse(header);
            assertThat(headerJson.propertyNames()).containsExactly("alg", "kid", "x5t", "typ");
            assertThat(headerJson.get("alg").asString()).isEqualTo("RS256");
            assertThat(headerJson.get("kid").asString()).isEqualTo(thumbprint);
            assertThat(Base64.getUrlDecoder().decode(headerJson.get("x5t").asString()))
                    .isEqualTo(HexFormat.of().parseHex(thumbprint));
            assertThat(headerJson.get("typ").asString()).isEqualTo("JWT");
            JsonNode claims = NicJson.parse(jws.getPayload().toString());
            assertThat(claims.propertyNames()).containsExactly("data", "iss");
            assertThat(claims.get("iss").asString()).isEqualTo("NIC Sandbox");
            assertThat(claims.get("data").isString()).isTrue();
        }

        String invoiceJson = NicJson.parse(JWSObject.parse(data.get("SignedInvoice").asString()).getPayload().toString())
                .get("data").asString();
        JsonNode invoice = NicJson.parse(invoiceJson);
        assertThat(invoice.propertyNames()).containsExactly("AckNo", "AckDt", "Irn", "Version", "TranDtls", "DocDtls",
                "SellerDtls", "BuyerDtls", "ItemList", "ValDtls");
        assertThat(invoice.get("AckDt").asString()).isEqualTo("2026-05-14 10:15:27");
        assertThat(invoice.get("TranDtls").propertyNames()).containsExactly("TaxSch", "SupTyp", "RegRev", "IgstOnIntra");
        assertThat(invoice.at("/ItemList/0").propertyNames()).startsWith("ItemNo", "SlNo", "IsServc", "HsnCd");
        assertThat(invoice.at("/ItemList/0/ItemNo").asInt()).isZero();
        // Number literals are echoed with the scale they were sent with.
        assertThat(invoiceJson).contains("\"UnitPrice\":100.0", "\"IgstAmt\":180.00", "\"Qty\":10", "\"TotInvVal\":3540.0");

        String qrJson = NicJson.parse(JWSObject.parse(data.get("SignedQRCode").asString()).getPayload().toString())
                .get("data").asString();
        JsonNode qr = NicJson.parse(qrJson);
        assertThat(qr.propertyNames()).containsExactly("SellerGstin", "BuyerGstin", "DocNo", "DocTyp", "DocDt",
                "TotInvVal", "ItemCnt", "MainHsnCode", "Irn", "IrnDt");
        assertThat(qr.get("ItemCnt").asInt()).isEqualTo(2);
        assertThat(qr.get("MainHsnCode").asString()).isEqualTo("62034200");
        assertThat(qr.get("IrnDt").asString()).isEqualTo("2026-05-14 10:15:27");
        assertThat(qrJson).contains("\"TotInvVal\":3540.0");
    }

    @Test
    void propertyNamesAreBoundCaseInsensitively() throws Exception {
        client.login();
        String lowerCased = NicJson.write(TestInvoices.b2b("CASE-1", today))
                .replace("\"SellerDtls\"", "\"sellerdtls\"").replace("\"Gstin\"", "\"GSTIN\"").replace("\"Pos\"", "\"POS\"");
        RawNicClient.Answer answer = client.generate(NicJson.parse(lowerCased));
        assertThat(answer.status()).isEqualTo(1);
        String signed = NicJson.parse(JWSObject.parse(answer.data().get("SignedInvoice").asString())
                .getPayload().toString()).get("data").asString();
        assertThat(signed).contains("\"SellerDtls\":{\"Gstin\":\"29AAFCC9980M1ZR\"", "\"Pos\":\"27\"");
    }

    @Test
    void schemaErrorsComeBackAllAtOnce() {
        client.login();
        var invoice = TestInvoices.b2b("0BAD", today);
        ((tools.jackson.databind.node.ObjectNode) invoice.get("SellerDtls")).remove("LglNm");
        invoice.remove("ValDtls");
        RawNicClient.Answer answer = client.generate(invoice);
        assertThat(answer.status()).isZero();
        assertThat(answer.envelope().get("ErrorDetails")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(sandbox.stats().registrations()).isZero();
    }

    @Test
    void concurrentGenerateOfTheSameDocumentRegistersExactlyOnce() throws Exception {
        client.login();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<RawNicClient.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> client.generate(TestInvoices.b2b("RACE-1", today)));
            }
            List<RawNicClient.Answer> answers = new ArrayList<>();
            for (Future<RawNicClient.Answer> future : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                answers.add(future.get());
            }
            assertThat(answers).filteredOn(a -> a.status() == 1).hasSize(1);
            assertThat(answers).filteredOn(a -> a.status() == 0)
                    .allSatisfy(a -> assertThat(a.firstErrorCode()).isEqualTo("2150")).hasSize(5);
            assertThat(sandbox.stats().registrations()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrongTokenIs1005AndOtherGstinsInvoiceIs2143() {
        client.login();
        String irn = client.generate(TestInvoices.b2b("OWN-1", today)).data().get("Irn").asString();
        RawNicClient other = new RawNicClient(sandbox, TestInvoices.BUYER);
        other.login();
        assertThat(other.get("/eicore/v1.03/Invoice/irn/" + irn).firstErrorCode()).isEqualTo("2143");
        other.authToken = "bogus";
        assertThat(other.get("/eicore/v1.03/Invoice/irn/" + irn).firstErrorCode()).isEqualTo("1005");
    }
}
