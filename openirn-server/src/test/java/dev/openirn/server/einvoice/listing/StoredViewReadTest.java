package dev.openirn.server.einvoice.listing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.einvoice.EInvoice;
import dev.openirn.server.einvoice.EInvoiceViews;
import dev.openirn.server.einvoice.EInvoices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/einvoices/{id}} and its status read the row in one statement without the columns
 * they do not show, and {@code GET /v1/einvoices/{id}} copies the stored signed payloads into the rendered
 * view as bytes; what they answer must stay exactly what rendering the whole row gives, after every kind of change.
 */
class StoredViewReadTest extends ServerTest {

    @Autowired
    EInvoices invoices;

    @Autowired
    EInvoiceViews views;

    @Autowired
    JsonMapper json;

    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void theLeanReadsAnswerExactlyTheViewsOfTheWholeRow() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("LEAN-READ-1"), "lean-read-1");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        EInvoice whole = invoices.get(id).orElseThrow();
        assertThat(whole.nicPayload()).isNotBlank();
        assertThat(whole.signedInvoice()).isNotBlank();

        ApiClient.Reply view = api.get("/v1/einvoices/" + id);
        ApiClient.Reply status = api.get("/v1/einvoices/" + id + "/status");

        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body()).isEqualTo(json.writeValueAsString(views.view(whole)));
        assertThat(view.json().get("signedInvoice").asString()).isEqualTo(whole.signedInvoice());
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).isEqualTo(json.writeValueAsString(views.status(whole)));
        // The answer of the generate itself, stored with the outcome, is that same view.
        assertThat(created.body()).isEqualTo(view.body());
        // Another tenant's or a missing id is still a 404.
        assertThat(api.get("/v1/einvoices/einv_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(404);
    }

    @Test
    void theReadIsTheFreshRenderOfTheWholeRowAfterEveryKindOfChange() throws InterruptedException {
        // Queued: the IRP is down when it is generated.
        sandbox.injectFault(Fault.of(FaultMode.GSP_DOWN));
        String queued;
        try {
            ApiClient.Reply accepted = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("RQ")), null);
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            queued = accepted.json().get("id").asString();
            assertReadIsTheFreshRender(queued);
        } finally {
            sandbox.clearFaults();
        }

        // Generated, then its e-way bill attached.
        String number = ApiClient.uniqueNumber("RB");
        String generated = created(goodsInvoice(number));
        assertReadIsTheFreshRender(generated);
        ApiClient.Reply bill = api.post("/v1/ewaybills", "{\"eInvoiceId\":\"" + generated + "\",\"transport\":" + BY_ROAD + "}",
                "read-ewb-" + number);
        assertThat(bill.status()).as(bill.body()).isEqualTo(201);
        assertThat(api.get("/v1/einvoices/" + generated).json().get("ewayBill").get("id").asString())
                .isEqualTo(bill.json().get("id").asString());
        assertReadIsTheFreshRender(generated);

        // Generated with its e-way bill refused by NIC (far more than the road distance): the error is shown.
        String refused = created(withEwayBill(goodsInvoice(ApiClient.uniqueNumber("RR")),
                "{\"transportMode\":\"1\",\"distance\":3900,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}"));
        assertThat(api.get("/v1/einvoices/" + refused).json().has("ewayBillError")).isTrue();
        assertReadIsTheFreshRender(refused);

        // A cancel stored while the IRP fails (pending), then done once it is back (cancelled, payloads hidden).
        String cancelled = created(ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("RC")));
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500));
        try {
            ApiClient.Reply deferred = api.post("/v1/einvoices/" + cancelled + "/cancel",
                    "{\"reasonCode\": \"1\", \"remarks\": \"Duplicate\"}", "read-cancel-" + cancelled);
            assertThat(deferred.status()).as(deferred.body()).isEqualTo(202);
            assertThat(api.get("/v1/einvoices/" + cancelled).json().get("pendingAction").asString()).isEqualTo("cancel");
            assertReadIsTheFreshRender(cancelled);
        } finally {
            sandbox.clearFaults();
        }
        for (int i = 0; i < 120 && !"cancelled".equals(api.get("/v1/einvoices/" + cancelled).json().get("status").asString()); i++) {
            Thread.sleep(250);
        }
        assertThat(api.get("/v1/einvoices/" + cancelled).json().get("signedInvoice").isNull()).isTrue();
        assertReadIsTheFreshRender(cancelled);

        // The queued one, retried once the IRP is back.
        for (int i = 0; i < 120 && !"generated".equals(api.get("/v1/einvoices/" + queued).json().get("status").asString()); i++) {
            Thread.sleep(250);
        }
        assertReadIsTheFreshRender(queued);
    }

    private String created(String body) {
        ApiClient.Reply created = api.post("/v1/einvoices", body, null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** The answer equals rendering the whole row as read before and after it (the background workers may move it meanwhile). */
    private void assertReadIsTheFreshRender(String id) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String before = json.writeValueAsString(views.view(invoices.get(id).orElseThrow()));
            String irn = invoices.get(id).orElseThrow().irn();
            ApiClient.Reply read = api.get("/v1/einvoices/" + id);
            ApiClient.Reply byIrn = irn == null ? null : api.get("/v1/einvoices/irn/" + irn);
            String after = json.writeValueAsString(views.view(invoices.get(id).orElseThrow()));
            if (before.equals(after)) {
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.header("Content-Type")).isEqualTo("application/json");
                assertThat(read.body()).isEqualTo(before);
                if (byIrn != null) {
                    assertThat(byIrn.status()).isEqualTo(200);
                    assertThat(byIrn.body()).isEqualTo(before);
                }
                return;
            }
        }
        throw new AssertionError("e-invoice " + id + " kept changing");
    }

    private static final String BY_ROAD = "{\"transportMode\":\"1\",\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";

    /** The quickstart invoice for goods (an e-way bill needs a goods line). */
    private static String goodsInvoice(String number) {
        return ApiClient.quickstartWithNumber(number).replace("\"isService\": true", "\"isService\": false, \"quantity\": 1, \"unit\": \"NOS\"")
                .replace("998314", "94032010").replace("Consulting services", "Steel racks");
    }

    private static String withEwayBill(String invoice, String ewayBillDetails) {
        int end = invoice.lastIndexOf('}');
        return invoice.substring(0, end) + ",\"ewayBillDetails\":" + ewayBillDetails + "}";
    }
}
