package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.IssuedClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The quickstart's two rule breaks are warnings for lenient clients and errors for strict ones; nothing else bends. */
class ValidationProfilesTest extends ServerTest {

    private static final List<String> QUICKSTART_FINDINGS = List.of(
            "seller.gstin gstin.check_character", "buyer.gstin gstin.check_character",
            "lines[0].igstAmount tax.igst_on_intra_state");

    @Autowired
    ApiClients clients;
    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void lenientClientGetsTheQuickstartGeneratedWithExactlyThreeWarnings() {
        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("LENIENT-1"), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(findings(reply.json().get("warnings"))).containsExactlyInAnyOrderElementsOf(QUICKSTART_FINDINGS);
        assertThat(nicCodes(reply.json().get("warnings"))).contains("2172");
    }

    @Test
    void strictClientIsRefusedTheQuickstartNamingTheSameThree() {
        ApiClient strict = api.withToken(api.token(strictClient().clientId(), strictClient().clientSecret()));

        ApiClient.Reply reply = strict.post("/v1/einvoices", ApiClient.quickstartWithNumber("STRICT-1"), null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(findings(reply.json().get("details"))).containsExactlyInAnyOrderElementsOf(QUICKSTART_FINDINGS);
    }

    @Test
    void dryRunReportsWithoutStoringOrSending() {
        long calls = sandbox.stats().generateCalls();

        JsonNode lenient = api.post("/v1/einvoices/validate", ApiClient.quickstartWithNumber("DRY-1"), null).json();
        JsonNode strict = api.post("/v1/einvoices/validate?profile=strict", ApiClient.quickstartWithNumber("DRY-1"), null).json();

        assertThat(lenient.get("valid").asBoolean()).isTrue();
        assertThat(lenient.get("profile").asString()).isEqualTo("lenient");
        assertThat(findings(lenient.get("warnings"))).containsExactlyInAnyOrderElementsOf(QUICKSTART_FINDINGS);
        assertThat(lenient.get("nicPayload").get("Version").asString()).isEqualTo("1.1");
        assertThat(lenient.get("nicPayload").get("DocDtls").get("Dt").asString()).isEqualTo("04/05/2026");
        assertThat(strict.get("valid").asBoolean()).isFalse();
        assertThat(findings(strict.get("errors"))).containsExactlyInAnyOrderElementsOf(QUICKSTART_FINDINGS);
        assertThat(sandbox.stats().generateCalls()).isEqualTo(calls);
        assertThat(api.post("/v1/einvoices", ApiClient.quickstartWithNumber("DRY-1"), null).status()).isEqualTo(201);
    }

    /** Messages name the field as the client sent it, not NIC's name for it ("The Typ field is required."). */
    @Test
    void messagesNameTheFieldTheClientSentNotNicsName() {
        String body = ApiClient.quickstartWithNumber("NAMED-1").replace("\"documentType\": \"INV\",", "")
                .replace("\"legalName\": \"Acme Pvt Ltd\",", "\"legalName\": \"A\",");

        JsonNode reply = api.post("/v1/einvoices/validate", body, null).json();

        Map<String, String> messages = new HashMap<>();
        reply.get("errors").forEach(error -> messages.put(error.get("field").asString(), error.get("message").asString()));
        assertThat(messages).as(reply.toString()).containsEntry("documentType", "The documentType field is required.");
        assertThat(messages.get("seller.legalName")).as(reply.toString())
                .startsWith("The field seller.legalName must be a string with a minimum length of 3");
    }

    static Stream<Arguments> brokenInvoices() {
        return Stream.of(
                Arguments.of("\"hsnCode\": \"998314\"", "\"hsnCode\": \"12\"", "lines[0].hsnCode"),
                Arguments.of("\"gstRate\": 18", "\"gstRate\": 17", "lines[0].gstRate"),
                Arguments.of("\"totalInvoiceValue\": 11800", "\"totalInvoiceValue\": 99999", "totals.totalInvoiceValue"),
                Arguments.of("\"pinCode\": \"560001\"", "\"pinCode\": \"110001\"", "seller.pinCode"),
                Arguments.of("\"invoiceNumber\": \"BROKEN\"", "\"invoiceNumber\": \"0BROKEN\"", "invoiceNumber"),
                Arguments.of("\"invoiceNumber\": \"BROKEN\"", "\"invoiceNumber\": \"BROKEN-TOO-LONG-NUMBER\"", "invoiceNumber"),
                Arguments.of("\"financialYear\": \"2026-27\"", "\"financialYear\": \"2025-26\"", "financialYear"),
                Arguments.of("\"placeOfSupplyStateCode\": \"29\"", "\"placeOfSupplyStateCode\": \"55\"", "placeOfSupplyStateCode"),
                Arguments.of("\"gstin\": \"27FGHIJ5678K1Z2\"", "\"gstin\": \"URP\"", "buyer.gstin"),
                Arguments.of("\"igstAmount\": 1800,", "\"igstAmount\": 1800, \"cgstAmount\": 900, \"sgstAmount\": 900,", "lines[0]"),
                Arguments.of("\"totalItemValue\": 11800", "\"totalItemValue\": 12500", "lines[0].totalItemValue"),
                Arguments.of("\"invoiceDate\": \"2026-05-04\"", "\"invoiceDate\": \"2099-05-04\"", "invoiceDate"),
                Arguments.of("\"stateCode\": \"29\"", "\"stateCode\": \"27\"", "seller"));
    }

    @ParameterizedTest
    @MethodSource("brokenInvoices")
    void eachBrokenRuleIsReportedOnItsFieldWith422(String from, String to, String fieldPrefix) {
        String body = ApiClient.quickstartWithNumber("BROKEN").replace(from, to);
        assertThat(body).as("the corruption applies").contains(to);

        ApiClient.Reply reply = api.post("/v1/einvoices", body, null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("validation_error");
        List<String> fields = new ArrayList<>();
        reply.json().get("details").forEach(detail -> fields.add(detail.get("field").asString()));
        assertThat(fields).as(reply.body()).anySatisfy(field -> assertThat(field).startsWith(fieldPrefix));
        reply.json().get("details").forEach(detail -> {
            assertThat(detail.get("code").asString()).isNotBlank();
            assertThat(detail.get("message").asString()).isNotBlank();
        });
    }

    @Test
    void governmentSchemaBodyIsAcceptedAsIs() {
        JsonNode nicPayload = api.post("/v1/einvoices/validate", ApiClient.quickstartWithNumber("NICBODY-1"), null).json()
                .get("nicPayload");

        ApiClient.Reply reply = api.post("/v1/einvoices", nicPayload.toString(), null, "application/vnd.nic.einvoice+json");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("invoiceNumber").asString()).isEqualTo("NICBODY-1");
        assertThat(reply.json().get("financialYear").asString()).isEqualTo("2026-27");
        assertThat(findings(reply.json().get("warnings"))).contains("SellerDtls.Gstin gstin.check_character");
    }

    private IssuedClient strictClient() {
        if (strictClient == null) {
            String organizationId = clients.find(ApiClient.CLIENT_ID).orElseThrow().organizationId();
            strictClient = clients.create(organizationId, ApiEnvironment.TEST, "strict", null, null);
        }
        return strictClient;
    }

    private IssuedClient strictClient;

    private static List<String> findings(JsonNode details) {
        List<String> findings = new ArrayList<>();
        details.forEach(detail -> findings.add(detail.get("field").asString() + " " + detail.get("code").asString()));
        return findings;
    }

    private static List<String> nicCodes(JsonNode details) {
        List<String> codes = new ArrayList<>();
        details.forEach(detail -> codes.add(detail.path("nicCode").asString("")));
        return codes;
    }
}
