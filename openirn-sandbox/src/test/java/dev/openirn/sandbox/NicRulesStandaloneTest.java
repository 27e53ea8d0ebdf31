package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The standalone sandbox started as a user would, {@code --rules nic}, and every case in which it must answer as
 * NIC's IRP does, over HTTP. NIC sandbox exchanges recorded by India Compliance (GPL, so read from the shared
 * evidence directory at test time, never copied; that test is skipped where the directory is absent) are replayed:
 * the request NIC actually processed is the {@code data} of its {@code SignedInvoice}, and every field NIC's answer
 * records must come back alike, except the acknowledgement number and time.
 */
class NicRulesStandaloneTest {

    private static final String KARNATAKA_BUYER = "29AAGCB7383J1Z4";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final StringWriter OUT = new StringWriter();
    private static final StringWriter ERR = new StringWriter();
    private static final CountDownLatch STOP = new CountDownLatch(1);
    private static ExecutorService runner;
    private static Future<Integer> exit;
    private static String baseUrl;
    private static PublicKey encryptionKey;

    private final LocalDate today = LocalDate.now(NicTimestamps.IST);

    @BeforeAll
    static void startStandalone() throws Exception {
        Path dataDir = Files.createTempDirectory("sandbox-nic-rules-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        runner = Executors.newSingleThreadExecutor();
        exit = runner.submit(() -> SandboxMain.run(STOP, new PrintWriter(OUT), new PrintWriter(ERR),
                "--rules", "nic", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        String pem = awaitAnswer(URI.create(baseUrl + "/sandbox/keys/encryption.pem")).body();
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        encryptionKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        assertThat(OUT.toString()).contains("rules:            nic");
    }

    @AfterAll
    static void stopStandalone() throws Exception {
        STOP.countDown();
        try {
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(ERR.toString()).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void aValidInvoiceBetweenRegisteredTaxpayersIsRegistered() {
        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(TestInvoices.b2b(docNo(), today));

        assertThat(answer.status()).as(answer.envelope().toString()).isEqualTo(1);
        assertThat(answer.envelope().get("InfoDtls").isNull()).isTrue();
        assertThat(answer.data().get("Irn").asString()).hasSize(64);
    }

    @Test
    void intraStateSupplyChargedIgstIs2172() {
        register(KARNATAKA_BUYER, "ACT", "REG");
        ObjectNode invoice = TestInvoices.b2b(docNo(), today);
        ObjectNode buyer = (ObjectNode) invoice.get("BuyerDtls");
        buyer.put("Gstin", KARNATAKA_BUYER).put("Pos", "29").put("Stcd", "29").put("Pin", 560002).put("Loc", "Bengaluru");

        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(invoice);

        assertThat(answer.status()).isZero();
        assertThat(errorCodes(answer)).containsOnly("2172");
        assertThat(answer.envelope().at("/ErrorDetails/0/ErrorMessage").asString())
                .startsWith("For intra state transaction IGST amounts is not applicable for item - 61149090 and Sl. No 1");
    }

    @Test
    void interStateSupplyChargedCgstAndSgstIs2174() {
        ObjectNode invoice = TestInvoices.b2b(docNo(), today);
        for (JsonNode item : invoice.get("ItemList")) {
            double half = item.get("IgstAmt").asDouble() / 2;
            ((ObjectNode) item).put("IgstAmt", 0).put("CgstAmt", half).put("SgstAmt", half);
        }
        ((ObjectNode) invoice.get("ValDtls")).put("IgstVal", 0).put("CgstVal", 270.0).put("SgstVal", 270.0);

        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(invoice);

        assertThat(answer.status()).isZero();
        assertThat(errorCodes(answer)).containsOnly("2174");
    }

    @Test
    void hsnCodesMissingFromTheMasterAre2176() {
        ObjectNode invoice = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) invoice.get("ItemList").get(0)).put("HsnCd", "11111111");
        ((ObjectNode) invoice.get("ItemList").get(1)).put("HsnCd", "1234");

        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(invoice);

        assertThat(answer.status()).isZero();
        assertThat(errorCodes(answer)).containsExactly("2176", "2176");
        assertThat(answer.envelope().at("/ErrorDetails/0/ErrorMessage").asString()).isEqualTo("HSN code(s)-11111111 is invalid");
        assertThat(answer.envelope().at("/ErrorDetails/1/ErrorMessage").asString()).isEqualTo("HSN code(s)-1234 is invalid");
    }

    @Test
    void buyerMissingFromTheTaxpayerMasterIs3028AndAnInactiveOneIs3029() {
        ObjectNode unknownBuyer = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) unknownBuyer.get("BuyerDtls")).put("Gstin", "27AAACR5055K1Z7");
        RawNicClient client = loggedIn(TestInvoices.SELLER);

        RawNicClient.Answer unknown = client.generate(unknownBuyer);
        assertThat(errorCodes(unknown)).containsOnly("3028");

        register("27AAACR5055K1Z7", "CNL", "REG");
        ObjectNode cancelledBuyer = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) cancelledBuyer.get("BuyerDtls")).put("Gstin", "27AAACR5055K1Z7");
        RawNicClient.Answer inactive = client.generate(cancelledBuyer);
        assertThat(errorCodes(inactive)).containsOnly("3029");
        assertThat(inactive.envelope().at("/ErrorDetails/0/ErrorMessage").asString())
                .isEqualTo("GSTIN -27AAACR5055K1Z7 is inactive or cancelled");
    }

    @Test
    void sellerMissingFromTheTaxpayerMasterIs3028AndASuspendedOneIs3029() {
        String seller = "29AACCT3705E1ZS";
        ObjectNode invoice = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) invoice.get("SellerDtls")).put("Gstin", seller);
        RawNicClient client = loggedIn(seller);

        assertThat(errorCodes(client.generate(invoice))).containsOnly("3028");
        register(seller, "SUS", "REG");
        assertThat(errorCodes(client.generate(invoice))).containsOnly("3029");
    }

    @Test
    void sezRulesFollowTheTaxpayerTypeInTheMaster() {
        String sezUnit = "27AAECS1234A1ZP";
        register(sezUnit, "ACT", "SEZ");
        RawNicClient client = loggedIn(TestInvoices.SELLER);

        ObjectNode b2bToSez = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) b2bToSez.get("BuyerDtls")).put("Gstin", sezUnit);
        assertThat(errorCodes(client.generate(b2bToSez))).containsOnly("2246");

        ObjectNode sezToRegular = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) sezToRegular.get("TranDtls")).put("SupTyp", "SEZWP");
        assertThat(errorCodes(client.generate(sezToRegular))).containsOnly("2247");

        ObjectNode sezToSez = TestInvoices.b2b(docNo(), today);
        ((ObjectNode) sezToSez.get("TranDtls")).put("SupTyp", "SEZWP");
        ((ObjectNode) sezToSez.get("BuyerDtls")).put("Gstin", sezUnit);
        RawNicClient.Answer registered = client.generate(sezToSez);
        assertThat(registered.status()).as(registered.envelope().toString()).isEqualTo(1);
    }

    @Test
    void aRequestCarryingItsOwnIrnIsRejected() {
        ObjectNode invoice = TestInvoices.b2b(docNo(), today);
        invoice.put("Irn", "a".repeat(64));

        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(invoice);

        assertThat(answer.status()).isZero();
        assertThat(errorCodes(answer)).containsOnly("5002");
        assertThat(answer.envelope().at("/ErrorDetails/0/ErrorMessage").asString()).contains("Irn must not be passed");
    }

    @Test
    void aDocumentDatedBeforeEInvoicingStartedIs2284() {
        RawNicClient.Answer answer = loggedIn(TestInvoices.SELLER).generate(TestInvoices.b2b(docNo(), LocalDate.of(2020, 9, 30)));

        assertThat(answer.status()).isZero();
        assertThat(errorCodes(answer)).containsOnly("2284");
    }

    @Test
    void unknownPathsAnswerInNicsEnvelope() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/eicore/v1.03/NoSuchThing")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode envelope = NicJson.parse(response.body());
        assertThat(envelope.get("Status").asInt()).isZero();
        assertThat(envelope.get("Data").isNull()).isTrue();
        assertThat(envelope.at("/ErrorDetails/0/ErrorCode").asString()).isEqualTo("5002");
        assertThat(envelope.at("/ErrorDetails/0/ErrorMessage").asString()).contains("GET /eicore/v1.03/NoSuchThing");
        assertThat(envelope.has("InfoDtls")).isTrue();
    }

    @Test
    void registeredTaxpayersAnswerTheAdminApiGetGstinDetailsAndSyncGstin() throws Exception {
        String gstin = "27AADCB2230M1ZT";
        HttpResponse<String> created = postTaxpayer("""
                {"gstin":"%s","legalName":"Bharat Tools Private Limited","tradeName":"Bharat Tools","status":"ACT",
                 "type":"REG","stateCode":"27","pinCode":"411001","address":"14 FC Road, Pune"}""".formatted(gstin));
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);

        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/taxpayers/" + gstin)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode admin = NicJson.parse(read.body());
        assertThat(admin.get("legalName").asString()).isEqualTo("Bharat Tools Private Limited");
        assertThat(admin.get("pinCode").asInt()).isEqualTo(411001);

        RawNicClient client = loggedIn(TestInvoices.SELLER);
        for (String path : List.of("/eivital/v1.04/Master/gstin/", "/eivital/v1.04/Master/syncgstin/")) {
            RawNicClient.Answer details = client.get(path + gstin);
            assertThat(details.status()).as(details.envelope().toString()).isEqualTo(1);
            assertThat(details.data().get("LegalName").asString()).isEqualTo("Bharat Tools Private Limited");
            assertThat(details.data().get("TradeName").asString()).isEqualTo("Bharat Tools");
            assertThat(details.data().get("AddrPncd").isNumber()).isTrue();
            assertThat(details.data().get("AddrPncd").asInt()).isEqualTo(411001);
            assertThat(details.data().get("StateCode").asInt()).isEqualTo(27);
            assertThat(details.data().get("TxpType").asString()).isEqualTo("REG");
            assertThat(details.data().get("Status").asString()).isEqualTo("ACT");
        }
        assertThat(client.get("/eivital/v1.04/Master/gstin/27AAACR9999K1Z1").firstErrorCode()).isEqualTo("3028");
    }

    @Test
    void theAdminApiRefusesBadTaxpayers() throws Exception {
        assertThat(postTaxpayer("{\"gstin\":\"NOT-A-GSTIN\",\"legalName\":\"X\"}").statusCode()).isEqualTo(400);
        assertThat(postTaxpayer("{\"gstin\":\"27AADCB2230M1ZT\",\"legalName\":\"X\",\"status\":\"GONE\"}").statusCode()).isEqualTo(400);
        assertThat(postTaxpayer("{\"gstin\":\"27AADCB2230M1ZT\",\"legalName\":\"X\",\"stateCode\":\"29\"}").statusCode()).isEqualTo(400);
        assertThat(postTaxpayer("{\"gstin\":\"27AADCB2230M1ZT\"}").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/taxpayers/27AAAAA0000A1Z5")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    private static final Path RECORDED = Path.of(System.getProperty("openirn.shared.dir", "../../shared"), "nic",
            "india-compliance_test_e_invoice.json");
    /** Fields the GSP (not NIC) adds to the result, and the e-way bill part, which this replay leaves out. */
    private static final Set<String> NOT_NICS_OR_EWB = Set.of("distance", "EwbDtls");

    @Test
    void recordedGenerateDuplicateGetAndCancelReplayFieldByField() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(RECORDED), "recorded NIC responses not found at " + RECORDED.toAbsolutePath());
        JsonNode recorded = NicJson.parse(Files.readString(RECORDED));

        for (String name : List.of("goods_item_with_ewaybill", "service_item", "return_invoice", "debit_invoice")) {
            JsonNode result = recorded.get(name).get("response_data").get("result");
            ObjectNode nicSaw = claimData(result.get("SignedInvoice").asString());
            RawNicClient client = loggedIn(nicSaw.get("SellerDtls").get("Gstin").asString());

            RawNicClient.Answer answer = client.generate(request(nicSaw));

            assertThat(answer.status()).as(name + " " + answer.envelope()).isEqualTo(1);
            JsonNode ours = answer.data();
            // Since 01-06-2025 NIC hashes the upper-cased document number; these recordings are older.
            String docNo = nicSaw.get("DocDtls").get("No").asString();
            String expectedIrn = docNo.equals(docNo.toUpperCase(java.util.Locale.ROOT)) ? result.get("Irn").asString()
                    : dev.openirn.gst.Irn.compute(nicSaw.get("SellerDtls").get("Gstin").asString(), "2022-23",
                            nicSaw.get("DocDtls").get("Typ").asString(), docNo);
            assertThat(ours.get("Irn").asString()).as(name).isEqualTo(expectedIrn);
            Set<String> recordedFields = fieldNames(result);
            recordedFields.removeAll(NOT_NICS_OR_EWB);
            assertThat(fieldNames(ours)).as(name).containsExactlyInAnyOrderElementsOf(recordedFields);
            assertThat(ours.get("Status").asString()).isEqualTo(result.get("Status").asString());
            assertThat(ours.get("AckNo").asLong()).isBetween(100_000_000_000_000L, 999_999_999_999_999L);
            assertThat(ours.get("AckDt").asString()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:00");

            ObjectNode ourSigned = claimData(ours.get("SignedInvoice").asString());
            assertThat(ourSigned.get("Irn").asString()).isEqualTo(expectedIrn);
            ObjectNode recordedSigned = withoutAck(nicSaw);
            recordedSigned.put("Irn", expectedIrn);
            assertThat(withoutAck(ourSigned)).as(name + " signed invoice").isEqualTo(recordedSigned);
            ObjectNode recordedQr = claimData(result.get("SignedQRCode").asString());
            ObjectNode ourQr = claimData(ours.get("SignedQRCode").asString());
            assertThat(fieldNames(ourQr)).containsExactlyElementsOf(fieldNames(recordedQr));
            recordedQr.remove("IrnDt");
            recordedQr.put("Irn", expectedIrn);
            ourQr.remove("IrnDt");
            assertThat(ourQr).as(name + " QR").isEqualTo(recordedQr);
        }

        // The same document again: NIC's 2150 with the existing registration in DUPIRN.
        JsonNode duplicate = recorded.get("duplicate_irn").get("response_data");
        ObjectNode goods = claimData(recorded.get("goods_item_with_ewaybill").get("response_data").get("result").get("SignedInvoice").asString());
        RawNicClient seller = loggedIn(goods.get("SellerDtls").get("Gstin").asString());
        RawNicClient.Answer again = seller.generate(request(goods));
        assertThat(again.status()).isZero();
        assertThat(again.firstErrorCode()).isEqualTo(duplicate.get("error_code").asString());
        JsonNode recordedInfo = duplicate.get("result").get(0);
        JsonNode ourInfo = again.envelope().get("InfoDtls").get(0);
        assertThat(ourInfo.get("InfCd").asString()).isEqualTo(recordedInfo.get("InfCd").asString());
        assertThat(fieldNames(ourInfo.get("Desc"))).containsExactlyInAnyOrderElementsOf(fieldNames(recordedInfo.get("Desc")));
        assertThat(ourInfo.get("Desc").get("Irn").asString()).isEqualTo(recordedInfo.get("Desc").get("Irn").asString());

        // Get by IRN answers the fields NIC's get answers.
        JsonNode got = recorded.get("get_e_invoice_by_irn").get("response_data").get("result");
        ObjectNode gotData = claimData(got.get("SignedInvoice").asString());
        RawNicClient gotSeller = loggedIn(gotData.get("SellerDtls").get("Gstin").asString());
        RawNicClient.Answer generated = gotSeller.generate(request(gotData));
        assertThat(generated.status()).as(generated.envelope().toString()).isEqualTo(1);
        RawNicClient.Answer read = gotSeller.get("/eicore/v1.03/Invoice/irn/" + generated.data().get("Irn").asString());
        assertThat(read.status()).as(read.envelope().toString()).isEqualTo(1);
        assertThat(fieldNames(read.data())).containsExactlyInAnyOrderElementsOf(fieldNames(got));
        for (String nullInNics : List.of("EwbNo", "EwbDt", "EwbValidTill", "Remarks")) {
            assertThat(read.data().get(nullInNics).isNull()).as(nullInNics).isEqualTo(got.get(nullInNics).isNull());
        }

        // Cancel answers {Irn, CancelDate}.
        JsonNode cancelled = recorded.get("cancel_e_invoice").get("response_data").get("result");
        RawNicClient.Answer cancel = seller.cancel(cancelled.get("Irn").asString());
        assertThat(cancel.status()).as(cancel.envelope().toString()).isEqualTo(1);
        assertThat(fieldNames(cancel.data())).containsExactlyInAnyOrderElementsOf(fieldNames(cancelled));
        assertThat(cancel.data().get("Irn").asString()).isEqualTo(cancelled.get("Irn").asString());
        assertThat(cancel.data().get("CancelDate").asString()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    }

    /** The invoice as the client sent it: the signed data without NIC's additions (and without the EWB part). */
    private static ObjectNode request(ObjectNode signedData) {
        ObjectNode request = withoutAck(signedData);
        request.remove("Irn");
        request.get("ItemList").forEach(item -> ((ObjectNode) item).remove("ItemNo"));
        return request;
    }

    private static ObjectNode withoutAck(ObjectNode signedData) {
        ObjectNode copy = signedData.deepCopy();
        copy.remove("AckNo");
        copy.remove("AckDt");
        copy.remove("EwbDtls");
        return copy;
    }

    private static ObjectNode claimData(String jws) {
        String payload = new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
        return (ObjectNode) NicJson.parse(NicJson.parse(payload).get("data").asString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private static RawNicClient loggedIn(String gstin) {
        RawNicClient client = new RawNicClient(baseUrl, encryptionKey, IrpSandbox.DEFAULT_CLIENT_ID, IrpSandbox.DEFAULT_CLIENT_SECRET, gstin);
        assertThat(client.login().status()).isEqualTo(1);
        return client;
    }

    private static void register(String gstin, String status, String type) {
        try {
            HttpResponse<String> response = postTaxpayer(NicJson.write(NicJson.object().put("gstin", gstin)
                    .put("legalName", "Taxpayer " + gstin).put("status", status).put("type", type)));
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> postTaxpayer(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/taxpayers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> errorCodes(RawNicClient.Answer answer) {
        List<String> codes = new ArrayList<>();
        JsonNode details = answer.envelope().path("ErrorDetails");
        if (details instanceof ArrayNode array) {
            array.forEach(detail -> codes.add(detail.path("ErrorCode").asString()));
        }
        return codes;
    }

    private static String docNo() {
        return "NR-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static HttpResponse<String> awaitAnswer(URI uri) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (exit.isDone()) {
                throw new AssertionError("the sandbox exited with " + exit.get() + " before answering: " + ERR);
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }
}
