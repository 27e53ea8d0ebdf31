package dev.openirn.server.gstin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.RateLimitOverrides;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/gstins/{gstin}} against the in-process sandbox in {@code nic} rules, whose taxpayer
 * master answers 3028 for a GSTIN it does not hold, as NIC's IRP does; and the strict profile's buyer
 * check through it ({@code openirn.validation.check-buyer-gstin}, on here for test clients too).
 */
@TestPropertySource(properties = {"openirn.sandbox.rules=nic", "openirn.validation.check-buyer-gstin=true"})
class GstinLookupTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    ApiClients clients;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTaxpayerInTheMasterAnswersItsRegistration() throws Exception {
        addTaxpayer("27AADCB2230M1ZT", "Bharat Tools", "ACT", "411001", "14 FC Road, Pune");

        ApiClient.Reply reply = api.get("/v1/gstins/27AADCB2230M1ZT");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode registration = reply.json();
        assertThat(registration.get("object").asString()).isEqualTo("gstin");
        assertThat(registration.get("gstin").asString()).isEqualTo("27AADCB2230M1ZT");
        assertThat(registration.get("legalName").asString()).isEqualTo("Bharat Tools Private Limited");
        assertThat(registration.get("tradeName").asString()).isEqualTo("Bharat Tools");
        assertThat(registration.get("status").asString()).isEqualTo("ACT");
        assertThat(registration.get("type").asString()).isEqualTo("REG");
        assertThat(registration.get("stateCode").asString()).isEqualTo("27");
        assertThat(registration.get("address").get("street").asString()).isEqualTo("14 FC Road");
        assertThat(registration.get("address").get("location").asString()).isEqualTo("Pune");
        assertThat(registration.get("address").get("pinCode").asString()).isEqualTo("411001");
        assertThat(registration.get("blockedStatus").isNull()).isTrue();
        assertThat(registration.get("fetchedAt").asString()).isNotBlank();
    }

    @Test
    void aSeededGstinAnswersAndLowerCaseIsAccepted() {
        ApiClient.Reply reply = api.get("/v1/gstins/29abcde1234f1z5");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("gstin").asString()).isEqualTo("29ABCDE1234F1Z5");
        assertThat(reply.json().get("stateCode").asString()).isEqualTo("29");
        assertThat(reply.json().get("legalName").asString()).isNotBlank();
    }

    @Test
    void aCancelledTaxpayerAnswersStatusCnl() throws Exception {
        addTaxpayer("29AACCG0527D1Z8", "Gone Traders", "CNL", "560001", "1 MG Road, Bengaluru");

        ApiClient.Reply reply = api.get("/v1/gstins/29AACCG0527D1Z8");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("CNL");
        assertThat(reply.json().get("deregisteredOn").asString()).isNotBlank();
    }

    @Test
    void theSecondLookupIsServedFromTheCacheForEveryTenantOfTheEnvironment() throws Exception {
        String gstin = "33AAACT2727Q1ZW";
        addTaxpayer(gstin, "Chennai Cables", "ACT", "600001", "5 Anna Salai, Chennai");
        ApiClient.Reply first = api.get("/v1/gstins/" + gstin);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from gstin_cache where environment = 'test' and gstin = :gstin")
                .param("gstin", gstin).query(Long.class).single()).isEqualTo(1L);

        // The IRP's master changes; within the cache's lifetime the cached registration is answered.
        addTaxpayer(gstin, "Chennai Cables Renamed", "ACT", "600001", "5 Anna Salai, Chennai");
        Tenants.Tenant other = new Tenants(clients, port).client("gstin-other-" + UUID.randomUUID(), ApiEnvironment.TEST);
        for (ApiClient caller : new ApiClient[] {api, other.api()}) {
            ApiClient.Reply again = caller.get("/v1/gstins/" + gstin);
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("tradeName").asString()).isEqualTo("Chennai Cables");
            assertThat(again.json().get("fetchedAt").asString()).isEqualTo(first.json().get("fetchedAt").asString());
        }

        // Once the cached answer is older than the TTL the IRP is asked again.
        jdbc.sql("update gstin_cache set fetched_at = fetched_at - interval '25 hours' where gstin = :gstin")
                .param("gstin", gstin).update();
        ApiClient.Reply refreshed = other.api().get("/v1/gstins/" + gstin);
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        assertThat(refreshed.json().get("tradeName").asString()).isEqualTo("Chennai Cables Renamed");
    }

    @Test
    void aGstinNotInTheMasterIs404WithNicsCode() {
        ApiClient.Reply reply = api.get("/v1/gstins/07AAACN1234F1Z0");

        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        JsonNode error = reply.json();
        assertThat(error.get("object").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo("gstin.not_found");
        assertThat(error.get("upstream").get("code").asString()).isEqualTo("3028");
        assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("gstin");
        assertThat(jdbc.sql("select count(*) from gstin_cache where gstin = '07AAACN1234F1Z0'").query(Long.class).single())
                .isZero();
    }

    @Test
    void aMalformedGstinIs400NamingGstin() {
        ApiClient.Reply reply = api.get("/v1/gstins/NOT-A-GSTIN");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode error = reply.json();
        assertThat(error.get("object").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo("gstin.invalid");
        assertThat(error.get("httpStatus").asInt()).isEqualTo(400);
        assertThat(error.get("requestId").asString()).isNotBlank();
        assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("gstin");
    }

    @Test
    void anUnavailableIrpIs503() {
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500));
        try {
            ApiClient.Reply reply = api.get("/v1/gstins/29AAFCC9980M1ZR");

            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.json().get("code").asString()).isEqualTo("irp.unavailable");
            assertThat(reply.header("Retry-After")).isNotBlank();
        } finally {
            sandbox.clearFaults();
        }
    }

    @Test
    void liveNeedsAStoredCredentialAndThenUsesIt() {
        Tenants.Tenant live = new Tenants(clients, port).client("gstin-live-" + UUID.randomUUID(), ApiEnvironment.LIVE);

        ApiClient.Reply missing = live.api().get("/v1/gstins/27FGHIJ5678K1Z2");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().get("code").asString()).isEqualTo("irp_credentials.not_configured");

        assertThat(live.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"29ABCDE1234F1Z5\",\"userName\":\""
                + sandbox.defaultUserName() + "\",\"password\":\"" + sandbox.defaultPassword() + "\"}", null).status())
                .isEqualTo(201);
        ApiClient.Reply found = live.api().get("/v1/gstins/27FGHIJ5678K1Z2");
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("gstin").asString()).isEqualTo("27FGHIJ5678K1Z2");
        assertThat(jdbc.sql("select count(*) from gstin_cache where environment = 'live' and gstin = '27FGHIJ5678K1Z2'")
                .query(Long.class).single()).isEqualTo(1L);
    }

    @Test
    void strictClientsGetAnUnknownOrInactiveBuyerAs422BeforeAnythingIsSent() throws Exception {
        addTaxpayer(SELLER, "Strict Seller", "ACT", "560001", "12 Industrial Area, Bengaluru");
        addTaxpayer("27AAECS1234A1ZY", "Closed Buyer", "CNL", "400001", "8 MG Road, Mumbai");
        Tenants.Tenant strict = new Tenants(clients, port).client("gstin-strict-" + UUID.randomUUID(), ApiEnvironment.TEST,
                "strict", RateLimitOverrides.DEFAULTS);
        long generateCalls = sandbox.stats().generateCalls();

        ApiClient.Reply unknown = strict.api().post("/v1/einvoices", strictInvoice("BUYER-1", "27AAFCN5555B1ZK"), null);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(finding(unknown.json())).isEqualTo("buyer.gstin gstin.not_found 3028");

        ApiClient.Reply cancelled = strict.api().post("/v1/einvoices", strictInvoice("BUYER-2", "27AAECS1234A1ZY"), null);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(422);
        assertThat(finding(cancelled.json())).isEqualTo("buyer.gstin gstin.inactive 3029");
        assertThat(sandbox.stats().generateCalls()).as("nothing was sent").isEqualTo(generateCalls);

        ApiClient.Reply active = strict.api().post("/v1/einvoices", strictInvoice("BUYER-3", "27AAPFU0939F1ZV"), null);
        assertThat(active.status()).as(active.body()).isEqualTo(201);
    }

    @Test
    void lenientClientsAreNotCheckedAndTheIrpJudgesTheBuyer() throws Exception {
        addTaxpayer(SELLER, "Strict Seller", "ACT", "560001", "12 Industrial Area, Bengaluru");
        long generateCalls = sandbox.stats().generateCalls();

        ApiClient.Reply reply = api.post("/v1/einvoices", strictInvoice("BUYER-4", "27AAFCN5555B1ZK"), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("upstream").get("code").asString()).isEqualTo("3028");
        assertThat(sandbox.stats().generateCalls()).isEqualTo(generateCalls + 1);
    }

    private static final String SELLER = "29AAACP7879D1Z0";

    /** The quickstart with GSTINs whose check characters are right and an inter-state place of supply: strict-clean. */
    private static String strictInvoice(String number, String buyer) {
        return ApiClient.quickstartWithNumber(number).replace("29ABCDE1234F1Z5", SELLER).replace("27FGHIJ5678K1Z2", buyer)
                .replace("\"placeOfSupplyStateCode\": \"29\"", "\"placeOfSupplyStateCode\": \"27\"");
    }

    private static String finding(JsonNode error) {
        JsonNode detail = error.get("details").get(0);
        return detail.get("field").asString() + " " + detail.get("code").asString() + " " + detail.get("nicCode").asString();
    }

    private void addTaxpayer(String gstin, String tradeName, String status, String pinCode, String address)
            throws IOException, InterruptedException {
        String body = "{\"gstin\":\"" + gstin + "\",\"legalName\":\"" + tradeName.replace(" Renamed", "")
                + " Private Limited\",\"tradeName\":\"" + tradeName + "\",\"status\":\"" + status
                + "\",\"type\":\"REG\",\"stateCode\":\"" + gstin.substring(0, 2) + "\",\"pinCode\":\"" + pinCode
                + "\",\"address\":\"" + address + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/taxpayers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
    }
}
