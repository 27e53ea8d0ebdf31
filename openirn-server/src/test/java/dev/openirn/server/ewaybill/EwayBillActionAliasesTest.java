package dev.openirn.server.ewaybill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** OneFinOps' action-style e-way bill paths: the bill named by its number in the body, answered as by the resource routes. */
class EwayBillActionAliasesTest extends ServerTest {

    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void everyChangeByEwbNumberAnswersAsItsResourceRoute() {
        String number = EwayBillTest.number("AL");
        ApiClient.Reply created = api.post("/v1/ewaybills/generate", EwayBillTest.standalone(number, EwayBillTest.PART_A_ONLY),
                "al-gen-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        long ewbNumber = created.json().get("ewbNumber").asLong();
        ApiClient.Reply replayed = api.post("/v1/ewaybills/generate", EwayBillTest.standalone(number, EwayBillTest.PART_A_ONLY),
                "al-gen-" + number);
        assertThat(replayed.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(created.body());

        ApiClient.Reply found = api.get("/v1/ewaybills/ewbnumber?ewbNumber=" + ewbNumber);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("id").asString()).isEqualTo(id);

        // The action-style body spells codes as strings.
        ApiClient.Reply partB = api.post("/v1/ewaybills/partb", """
                {"ewbNumber": %d, "vehicleNumber": "KA07AL4321", "vehicleType": "R", "transportMode": "1",
                 "fromPlace": "Bengaluru", "fromStateCode": "29", "reasonCode": "4"}""".formatted(ewbNumber), "al-pb-" + number);
        assertThat(partB.status()).as(partB.body()).isEqualTo(200);
        assertThat(partB.json().get("id").asString()).isEqualTo(id);
        assertThat(partB.json().get("vehicleHistory").findValuesAsString("vehicleNumber")).containsExactly("KA07AL4321");

        // Before its window NIC refuses an extension as it does on the resource route (remainingDistance is renamed).
        ApiClient.Reply extend = api.post("/v1/ewaybills/extend", """
                {"ewbNumber": "%d", "vehicleNumber": "KA07AL4321", "fromPlace": "Tumakuru", "fromStateCode": "29",
                 "fromPincode": 572101, "reasonCode": "99", "remark": "Road closed", "consignmentStatus": "M",
                 "remainingDistance": 40, "transportMode": "1"}""".formatted(ewbNumber), "al-ext-" + number);
        assertThat(extend.status()).as(extend.body()).isEqualTo(409);
        assertThat(extend.json().get("code").asString()).isEqualTo("ewaybill.not_extendable");
        assertThat(extend.json().get("upstream").get("code").asString()).isEqualTo("382");

        ApiClient.Reply cancelled = api.post("/v1/ewaybills/cancel", """
                {"ewbNumber": %d, "cancelReasonCode": "2", "cancelRemark": "Order cancelled"}""".formatted(ewbNumber),
                "al-cn-" + number);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("cancellationReason").asString()).isEqualTo("Order cancelled");
        assertThat(api.get("/v1/ewaybills/" + id).json().get("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void transporterAndRejectByEwbNumber() {
        String number = EwayBillTest.number("AT");
        JsonNode bill = api.post("/v1/ewaybills", EwayBillTest.standalone(number, EwayBillTest.BY_ROAD), "at-" + number).json();
        long ewbNumber = bill.get("ewbNumber").asLong();

        ApiClient.Reply handedOver = api.post("/v1/ewaybills/transporter",
                "{\"ewbNumber\": " + ewbNumber + ", \"transporterId\": \"29AABCT1332L1ZU\"}", "at-tr-" + number);
        assertThat(handedOver.status()).as(handedOver.body()).isEqualTo(200);
        assertThat(handedOver.json().get("transport").get("transporterId").asString()).isEqualTo("29AABCT1332L1ZU");

        String another = EwayBillTest.number("AR");
        long toReject = api.post("/v1/ewaybills", EwayBillTest.standalone(another, EwayBillTest.BY_ROAD), "ar-" + another).json()
                .get("ewbNumber").asLong();
        ApiClient.Reply rejected = api.post("/v1/ewaybills/reject", "{\"ewbNumber\": " + toReject + "}", "ar-rj-" + another);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
    }

    @Test
    void aBillNamedByANumberTheCallerDoesNotHaveIsNotFoundAndAMissingNumberIsInvalid() {
        ApiClient.Reply unknown = api.post("/v1/ewaybills/cancel",
                "{\"ewbNumber\": 291199999999, \"cancelReasonCode\": \"1\", \"cancelRemark\": \"x\"}", "al-nf-" + System.nanoTime());
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("not_found");

        ApiClient.Reply missing = api.post("/v1/ewaybills/partb", "{\"vehicleNumber\": \"KA07AL4321\"}", "al-mi-" + System.nanoTime());
        assertThat(missing.status()).as(missing.body()).isEqualTo(422);
        assertThat(missing.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(missing.json().get("details").findValuesAsString("field")).contains("ewbNumber");

        assertThat(api.get("/v1/ewaybills/ewbnumber?ewbNumber=291199999999").status()).isEqualTo(404);
        assertThat(api.get("/v1/ewaybills/ewbnumber").status()).isEqualTo(422);
    }

    @Test
    void ewayBillByIrnAndGenerateWithAnIrnMakeTheBillOfThatEInvoice() {
        String number = ApiClient.uniqueNumber("AI");
        ApiClient.Reply invoice = api.post("/v1/einvoices", EwayBillWithEInvoiceTest.goodsInvoice(number), "ai-" + number);
        assertThat(invoice.status()).as(invoice.body()).isEqualTo(201);
        String eInvoiceId = invoice.json().get("id").asString();
        String irn = invoice.json().get("irn").asString();

        ApiClient.Reply created = api.post("/v1/einvoices/ewaybill", """
                {"irn": "%s", "distance": 0, "transportMode": "1", "vehicleNumber": "KA01AB1234", "vehicleType": "R"}"""
                .formatted(irn), "ai-ewb-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("eInvoiceId").asString()).isEqualTo(eInvoiceId);
        assertThat(created.json().get("ewbNumber").asLong()).isPositive();
        assertThat(api.get("/v1/einvoices/" + eInvoiceId).json().get("ewayBill").get("id").asString())
                .isEqualTo(created.json().get("id").asString());

        String other = ApiClient.uniqueNumber("AJ");
        String otherIrn = api.post("/v1/einvoices", EwayBillWithEInvoiceTest.goodsInvoice(other), "aj-" + other).json()
                .get("irn").asString();
        ApiClient.Reply byGenerate = api.post("/v1/ewaybills/generate", "{\"irn\": \"" + otherIrn + "\", \"transport\": "
                + EwayBillWithEInvoiceTest.BY_ROAD + "}", "aj-ewb-" + other);
        assertThat(byGenerate.status()).as(byGenerate.body()).isEqualTo(201);
        assertThat(byGenerate.json().get("irn").asString()).isEqualTo(otherIrn);

        ApiClient.Reply unknown = api.post("/v1/einvoices/ewaybill", "{\"irn\": \"" + "0".repeat(64) + "\", \"distance\": 0}",
                "ai-nf-" + number);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(unknown.json().get("code").asString()).isEqualTo("not_found");
    }
}
