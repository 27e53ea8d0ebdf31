package dev.openirn.server.ewaybill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** E-way bills made for e-invoices: by IRN, together with the IRN in one call, and cancelled with their e-invoice. */
class EwayBillWithEInvoiceTest extends ServerTest {

    static final String BY_ROAD = "{\"transportMode\":\"1\",\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";

    @Autowired
    RunningIrpSandbox sandbox;

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    /** The quickstart invoice, but for goods (an e-way bill needs at least one goods line). */
    static String goodsInvoice(String number) {
        return ApiClient.quickstartWithNumber(number).replace("\"isService\": true", "\"isService\": false, \"quantity\": 1, \"unit\": \"NOS\"")
                .replace("998314", "94032010").replace("Consulting services", "Steel racks");
    }

    static String withEwayBill(String invoice, String ewayBillDetails) {
        int end = invoice.lastIndexOf('}');
        return invoice.substring(0, end) + ",\"ewayBillDetails\":" + ewayBillDetails + "}";
    }

    JsonNode einvoice(String body, String key) {
        ApiClient.Reply created = api.post("/v1/einvoices", body, key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    /** The e-invoice's bill once generated: on a busy machine the bill's leg may still be on its way (202). */
    JsonNode generatedBill(String eInvoiceId) {
        JsonNode summary = null;
        for (int i = 0; i < 240; i++) {
            summary = api.get("/v1/einvoices/" + eInvoiceId).json().get("ewayBill");
            if (summary != null && "generated".equals(summary.get("status").asString())) {
                return summary;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("The e-way bill of " + eInvoiceId + " was not generated: " + summary);
    }

    @Test
    void billFromAnEInvoiceTakesItsDocumentAndIsShownOnIt() {
        String number = ApiClient.uniqueNumber("EI");
        JsonNode invoice = einvoice(goodsInvoice(number), "inv-" + number);
        String eInvoiceId = invoice.get("id").asString();

        ApiClient.Reply created = api.post("/v1/ewaybills", "{\"eInvoiceId\":\"" + eInvoiceId + "\",\"transport\":" + BY_ROAD + "}",
                "ewb-" + number);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode bill = created.json();
        assertThat(bill.get("eInvoiceId").asString()).isEqualTo(eInvoiceId);
        assertThat(bill.get("irn").asString()).isEqualTo(invoice.get("irn").asString());
        assertThat(bill.get("documentNumber").asString()).isEqualTo(number);
        assertThat(bill.get("generatorGstin").asString()).isEqualTo(invoice.get("sellerGstin").asString());
        assertThat(bill.get("ewbNumber").asLong()).isPositive();
        JsonNode summary = api.get("/v1/einvoices/" + eInvoiceId).json().get("ewayBill");
        assertThat(summary.get("id").asString()).isEqualTo(bill.get("id").asString());
        assertThat(summary.get("ewbNumber").asLong()).isEqualTo(bill.get("ewbNumber").asLong());

        ApiClient.Reply forService = api.post("/v1/ewaybills", "{\"eInvoiceId\":\"einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD\",\"transport\":"
                + BY_ROAD + "}", "ewb-nf-" + number);
        assertThat(forService.status()).isEqualTo(404);
    }

    @Test
    void irnAndEwayBillInOneCallGiveBothNumbersAndExactlyOneBill() {
        String number = ApiClient.uniqueNumber("IE");
        long before = sandbox.stats().ewbGenerated();

        JsonNode invoice = einvoice(withEwayBill(goodsInvoice(number), BY_ROAD), "inv-" + number);

        assertThat(invoice.get("status").asString()).isEqualTo("generated");
        assertThat(invoice.get("irn").asString()).hasSize(64);
        JsonNode summary = invoice.get("ewayBill");
        assertThat(summary).as(invoice.toString()).isNotNull();
        assertThat(summary.get("status").asString()).isEqualTo("generated");
        assertThat(summary.get("ewbNumber").asLong()).isPositive();
        assertThat(summary.get("validUntil").isNull()).isFalse();
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(before + 1);
        JsonNode bill = api.get("/v1/ewaybills/" + summary.get("id").asString()).json();
        assertThat(bill.get("eInvoiceId").asString()).isEqualTo(invoice.get("id").asString());
    }

    @Test
    void aReplayedIrnAndEwayBillRequestAnswersBothNumbersAsTheFirstAnswerDid() {
        String number = ApiClient.uniqueNumber("IR");
        String body = withEwayBill(goodsInvoice(number), BY_ROAD);
        ApiClient.Reply first = api.post("/v1/einvoices", body, "inv-" + number);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        long ewbNumber = first.json().get("ewayBill").get("ewbNumber").asLong();
        long generated = sandbox.stats().ewbGenerated();

        ApiClient.Reply replay = api.post("/v1/einvoices", body, "inv-" + number);

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.json().get("irn").asString()).isEqualTo(first.json().get("irn").asString());
        assertThat(replay.json().get("ewayBill").get("ewbNumber").asLong()).isEqualTo(ewbNumber);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(generated);
    }

    @Test
    void aRefusedEwayBillLegLeavesTheIrnAndAFailedBillThatCanBeRetriedFromTheEInvoice() {
        String number = ApiClient.uniqueNumber("IF");
        // Far more than the road distance between the two PINs: NIC refuses the bill, not the IRN.
        String tooFar = "{\"transportMode\":\"1\",\"distance\":3900,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";

        JsonNode invoice = einvoice(withEwayBill(goodsInvoice(number), tooFar), "inv-" + number);
        ApiClient.Reply replay = api.post("/v1/einvoices", withEwayBill(goodsInvoice(number), tooFar), "inv-" + number);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.json().get("ewayBillError").get("code").asString()).as(replay.body())
                .isEqualTo("ewaybill.rejected_by_nic");

        assertThat(invoice.get("status").asString()).isEqualTo("generated");
        assertThat(invoice.has("ewayBill")).isFalse();
        JsonNode error = invoice.get("ewayBillError");
        assertThat(error).as(invoice.toString()).isNotNull();
        assertThat(error.get("code").asString()).isEqualTo("ewaybill.rejected_by_nic");
        assertThat(error.get("nicCode").asString()).isNotBlank();
        String eInvoiceId = invoice.get("id").asString();
        JsonNode failed = api.get("/v1/ewaybills?eInvoiceId=" + eInvoiceId).json().get("data").get(0);
        assertThat(failed.get("status").asString()).isEqualTo("failed_terminal");

        ApiClient.Reply retried = api.post("/v1/ewaybills", "{\"eInvoiceId\":\"" + eInvoiceId + "\",\"transport\":" + BY_ROAD + "}",
                "retry-" + number);
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("id").asString()).isEqualTo(failed.get("id").asString());
        assertThat(api.get("/v1/einvoices/" + eInvoiceId).json().get("ewayBill").get("status").asString()).isEqualTo("generated");
    }

    @Test
    void cancellingAnEInvoiceWithAnActiveBillNeedsTheCascadeWhichCancelsTheBillFirst() {
        String number = ApiClient.uniqueNumber("IC");
        JsonNode invoice = einvoice(withEwayBill(goodsInvoice(number), BY_ROAD), "inv-" + number);
        String eInvoiceId = invoice.get("id").asString();
        String billId = invoice.get("ewayBill").get("id").asString();

        ApiClient.Reply refused = api.post("/v1/einvoices/" + eInvoiceId + "/cancel",
                "{\"reasonCode\":\"3\",\"remarks\":\"Order cancelled\"}", "cancel-" + number);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("einvoice.ewaybill_active");
        assertThat(refused.json().get("details").findValuesAsString("message")).contains(billId);

        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + eInvoiceId + "/cancel",
                "{\"reasonCode\":\"3\",\"remarks\":\"Order cancelled\",\"cancelEwayBill\":true}", "cancel-both-" + number);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        JsonNode bill = api.get("/v1/ewaybills/" + billId).json();
        assertThat(bill.get("status").asString()).isEqualTo("cancelled");
        assertThat(bill.get("cancellationReason").asString()).isEqualTo("Order cancelled");
    }

    @Test
    void aCascadeWhoseBillCannotBeCancelledNowIsStoredAndTheWorkerCancelsBothOnce() throws InterruptedException {
        String number = ApiClient.uniqueNumber("IO");
        JsonNode invoice = einvoice(withEwayBill(goodsInvoice(number), BY_ROAD), "inv-" + number);
        String eInvoiceId = invoice.get("id").asString();
        String billId = generatedBill(eInvoiceId).get("id").asString();
        long billCancels = sandbox.stats().ewbCancellations();
        long irnCancels = sandbox.stats().cancellations();
        // The GSP in front of the e-way bill system is down for the bill's cancel: nothing is cancelled yet.
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN).times(1));

        ApiClient.Reply accepted = api.post("/v1/einvoices/" + eInvoiceId + "/cancel",
                "{\"reasonCode\":\"1\",\"remarks\":\"Duplicate\",\"cancelEwayBill\":true}", "cancel-later-" + number);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("generated");
        assertThat(accepted.json().get("pendingAction").asString()).isEqualTo("cancel");
        JsonNode status = null;
        for (int i = 0; i < 240; i++) {
            status = api.get("/v1/einvoices/" + eInvoiceId).json();
            if ("cancelled".equals(status.get("status").asString())) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("cancelled");
        assertThat(api.get("/v1/ewaybills/" + billId).json().get("status").asString()).isEqualTo("cancelled");
        Thread.sleep(1500); // a stray second send would show by now
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(billCancels + 1);
        assertThat(sandbox.stats().cancellations()).isEqualTo(irnCancels + 1);
    }

    @Test
    void aCascadeWhoseBillCancelNicRefusesLeavesTheEInvoiceGeneratedWithNicsReason() {
        String number = ApiClient.uniqueNumber("IV");
        JsonNode invoice = einvoice(withEwayBill(goodsInvoice(number), BY_ROAD), "inv-" + number);
        String eInvoiceId = invoice.get("id").asString();
        long ewbNumber = generatedBill(eInvoiceId).get("ewbNumber").asLong();
        // Once the goods were verified on the road, NIC no longer lets the bill be cancelled (316).
        ApiClient.Reply verified = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port()
                + "/sandbox/ewaybills/" + ewbNumber + "/verify")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(verified.status()).as(verified.body()).isBetween(200, 204);
        long irnCancels = sandbox.stats().cancellations();

        ApiClient.Reply refused = api.post("/v1/einvoices/" + eInvoiceId + "/cancel",
                "{\"reasonCode\":\"1\",\"remarks\":\"Duplicate\",\"cancelEwayBill\":true}", "cancel-refused-" + number);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("code").asString()).isEqualTo("ewaybill.not_cancellable");
        assertThat(refused.json().get("upstream").get("code").asString()).isEqualTo("316");
        JsonNode after = api.get("/v1/einvoices/" + eInvoiceId).json();
        assertThat(after.get("status").asString()).isEqualTo("generated");
        assertThat(after.has("pendingAction")).isFalse();
        assertThat(sandbox.stats().cancellations()).isEqualTo(irnCancels);
    }
}
