package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.SignedJwtVerifier;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.einvoice.EInvoices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Credit and debit notes on the generate endpoint, citing the original by number + date or by OpenIRN id. */
class CreditNoteTest extends ServerTest {

    @Autowired
    EInvoices invoices;

    private static String note(String type, String number, String precedingDocument) {
        return ApiClient.quickstartWithNumber(number)
                .replace("\"documentType\": \"INV\"", "\"documentType\": \"" + type + "\"")
                .replace("\"reverseCharge\": false,", "\"reverseCharge\": false,\n\"referenceDetails\": {\"precedingDocuments\": ["
                        + precedingDocument + "]},");
    }

    private JsonNode generated(String number) {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private NicInvoice registeredDocument(JsonNode einvoice) {
        return NicJson.mapper().readValue(invoices.get(einvoice.get("id").asString()).orElseThrow().nicPayload(),
                NicInvoice.class);
    }

    @Test
    void creditNoteCitingTheOriginalByIdIsRegisteredWithItsNumberAndDate() {
        String number = ApiClient.uniqueNumber("CN");
        JsonNode original = generated(number);

        ApiClient.Reply created = api.post("/v1/einvoices",
                note("CRN", "R" + number, "{\"einvoiceId\": \"" + original.get("id").asString() + "\"}"), "crn-" + number);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode creditNote = created.json();
        assertThat(creditNote.get("documentType").asString()).isEqualTo("CRN");
        assertThat(creditNote.get("status").asString()).isEqualTo("generated");
        assertThat(creditNote.get("irn").asString()).isNotEqualTo(original.get("irn").asString());
        var preceding = registeredDocument(creditNote).reference().precedingDocuments();
        assertThat(preceding).hasSize(1);
        assertThat(preceding.get(0).invoiceNumber()).isEqualTo(number);
        assertThat(preceding.get(0).invoiceDate()).isEqualTo("04/05/2026");
        JsonNode signed = SignedJwtVerifier.decodeData(creditNote.get("signedInvoice").asString());
        assertThat(signed.path("DocDtls").path("Typ").asString()).isEqualTo("CRN");
        assertThat(signed.path("RefDtls").path("PrecDocDtls").get(0).path("InvNo").asString()).isEqualTo(number);

        assertThat(api.get("/v1/einvoices?documentType=CRN&invoiceNumber=R" + number).json().get("data").get(0).get("id")
                .asString()).isEqualTo(creditNote.get("id").asString());
    }

    @Test
    void debitNoteCitingTheOriginalByNumberAndDateIsRegistered() {
        String number = ApiClient.uniqueNumber("DN");
        generated(number);

        ApiClient.Reply created = api.post("/v1/einvoices",
                note("DBN", "D" + number, "{\"invoiceNumber\": \"" + number + "\", \"invoiceDate\": \"2026-05-04\"}"),
                "dbn-" + number);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("documentType").asString()).isEqualTo("DBN");
        assertThat(registeredDocument(created.json()).reference().precedingDocuments().get(0).invoiceNumber()).isEqualTo(number);
    }

    @Test
    void unknownOriginalIdIs422NamingTheField() {
        String number = ApiClient.uniqueNumber("CU");

        ApiClient.Reply reply = api.post("/v1/einvoices",
                note("CRN", number, "{\"einvoiceId\": \"einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD\"}"), "crn-unknown-" + number);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("validation_error");
        JsonNode detail = reply.json().get("details").get(0);
        assertThat(detail.get("field").asString()).isEqualTo("referenceDetails.precedingDocuments[0].einvoiceId");
        assertThat(detail.get("code").asString()).isEqualTo("document.preceding_einvoice_not_found");
    }

    @Test
    void originalIdThatContradictsTheGivenNumberIs422() {
        String number = ApiClient.uniqueNumber("CM");
        JsonNode original = generated(number);

        ApiClient.Reply reply = api.post("/v1/einvoices", note("CRN", "R" + number, "{\"einvoiceId\": \""
                + original.get("id").asString() + "\", \"invoiceNumber\": \"OTHER-1\"}"), "crn-mismatch-" + number);

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("details").get(0).get("code").asString()).isEqualTo("document.preceding_mismatch");
    }
}
