package dev.openirn.server.einvoice.cancellation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.einvoice.EInvoiceEvent;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/einvoices/{id}/cancel} over loopback against the in-process sandbox. */
class CancelTest extends ServerTest {

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    Irp irp;

    @Autowired
    IrpCredentials credentials;

    @Autowired
    EInvoices invoices;

    static String number(String prefix) {
        return ApiClient.uniqueNumber(prefix);
    }

    JsonNode generated(String number) {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    static String cancelBody(String reasonCode, String remarks) {
        return "{\"reasonCode\": \"" + reasonCode + "\", \"remarks\": \"" + remarks + "\"}";
    }

    @Test
    void generatedInvoiceShowsCancellableUntil24HoursAfterGeneration() {
        JsonNode einvoice = generated(number("CW"));

        Instant generatedAt = Instant.parse(einvoice.get("generatedAt").asString());
        assertThat(Instant.parse(einvoice.get("cancellableUntil").asString())).isEqualTo(generatedAt.plus(Duration.ofHours(24)));
        assertThat(einvoice.has("pendingAction")).isFalse();
    }

    @Test
    void cancelInsideTheWindowCancelsKeepsTheIrnAndHidesSignedPayloads() {
        JsonNode einvoice = generated(number("CA"));
        String id = einvoice.get("id").asString();
        long before = sandbox.stats().cancellations();

        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("2", "Wrong buyer GSTIN"),
                "cancel-" + id);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        JsonNode body = cancelled.json();
        assertThat(body.get("object").asString()).isEqualTo("einvoice");
        assertThat(body.get("status").asString()).isEqualTo("cancelled");
        assertThat(body.get("irn").asString()).isEqualTo(einvoice.get("irn").asString());
        assertThat(body.get("ackNumber").asString()).isEqualTo(einvoice.get("ackNumber").asString());
        assertThat(body.get("cancellationReason").asString()).isEqualTo("Wrong buyer GSTIN");
        Instant cancelledAt = Instant.parse(body.get("cancelledAt").asString());
        assertThat(cancelledAt).isBetween(Instant.parse(einvoice.get("generatedAt").asString()).minusSeconds(1),
                Instant.now().plusSeconds(1));
        assertThat(body.get("signedInvoice").isNull()).isTrue();
        assertThat(body.get("signedQrCode").isNull()).isTrue();
        assertThat(body.has("cancellableUntil")).isFalse();
        assertThat(sandbox.stats().cancellations()).isEqualTo(before + 1);

        assertThat(api.get("/v1/einvoices/" + id).json()).isEqualTo(body);
        JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
        assertThat(status.get("status").asString()).isEqualTo("cancelled");
        assertThat(status.get("irn").asString()).isEqualTo(einvoice.get("irn").asString());
        assertThat(List.copyOf(status.propertyNames())).containsExactly("id", "object", "status", "irn", "irp",
                "errorCode", "errorMessage", "retryCount", "nextRetryAt");
        List<EInvoiceEvent> events = invoices.events(id);
        assertThat(events.get(events.size() - 1).toStatus()).isEqualTo("cancelled");
        assertThat(events.get(events.size() - 1).fromStatus()).isEqualTo("generated");

        ApiClient.Reply again = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("2", "Wrong buyer GSTIN"), "cancel-2-" + id);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("einvoice.not_cancellable");
        assertThat(sandbox.stats().cancellations()).isEqualTo(before + 1);
    }

    @Test
    void invalidReasonOrRemarksAreRejectedWithDetailsAndNothingIsSent() {
        String id = generated(number("CV")).get("id").asString();
        long before = sandbox.stats().cancellations();

        ApiClient.Reply bad = api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\": \"5\"}", "bad-" + id);
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(bad.json().get("details").findValuesAsString("field")).containsExactlyInAnyOrder("reasonCode", "remarks");

        ApiClient.Reply tooLong = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "x".repeat(101)), "long-" + id);
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().get("details").get(0).get("field").asString()).isEqualTo("remarks");

        ApiClient.Reply blank = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "  "), "blank-" + id);
        assertThat(blank.status()).isEqualTo(422);

        assertThat(api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "x".repeat(100)), "ok-" + id).status())
                .isEqualTo(200);
        assertThat(sandbox.stats().cancellations()).isEqualTo(before + 1);
    }

    @Test
    void cancelOfAnUnknownEInvoiceIsNotFound() {
        ApiClient.Reply reply = api.post("/v1/einvoices/einv_01HRXY8N0E5PC6V0Z6P8Q1ABCD/cancel", cancelBody("1", "x"), "nf");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("code").asString()).isEqualTo("not_found");
    }

    @Test
    void queuedInvoiceIsNotCancellable() {
        long before = sandbox.stats().cancellations();
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500));
        try {
            String number = number("CQ");
            ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(number), "gen-" + number);
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            String id = created.json().get("id").asString();
            assertThat(created.json().has("cancellableUntil")).isFalse();

            ApiClient.Reply reply = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "Duplicate"), "cq-" + id);

            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
            assertThat(reply.json().get("code").asString()).isEqualTo("einvoice.not_cancellable");
        } finally {
            sandbox.clearFaults();
        }
        assertThat(sandbox.stats().cancellations()).isEqualTo(before);
    }

    @Test
    void invoiceCancelledOnThePortalIsSyncedToCancelled() {
        JsonNode einvoice = generated(number("CP"));
        String id = einvoice.get("id").asString();
        IrpAnswer portal = irp.cancel("test", credentials.forSeller(null, "test", einvoice.get("sellerGstin").asString()),
                einvoice.get("irn").asString(), "3", "Cancelled by hand on the portal");
        assertThat(portal).isInstanceOf(IrpAnswer.Cancelled.class);
        long before = sandbox.stats().cancellations();

        ApiClient.Reply reply = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("3", "Order cancelled"), "cp-" + id);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(reply.json().get("cancellationReason").asString()).isEqualTo("Order cancelled");
        assertThat(sandbox.stats().cancellations()).isEqualTo(before);
        EInvoiceEvent last = invoices.events(id).get(invoices.events(id).size() - 1);
        assertThat(last.toStatus()).isEqualTo("cancelled");
        assertThat(last.upstreamCode()).isEqualTo("9999");
    }

    @Test
    void cancelDuringAnOutageIsStoredAndCompletedLaterExactlyOnce() throws InterruptedException {
        JsonNode einvoice = generated(number("CO"));
        String id = einvoice.get("id").asString();
        long before = sandbox.stats().cancellations();
        ApiClient.Reply accepted;
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500));
        try {
            accepted = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "Duplicate of INV-7"), "co-" + id);

            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.json().get("status").asString()).isEqualTo("generated");
            assertThat(accepted.json().get("pendingAction").asString()).isEqualTo("cancel");
            JsonNode status = api.get("/v1/einvoices/" + id + "/status").json();
            assertThat(status.get("status").asString()).isEqualTo("generated");
            assertThat(status.get("pendingAction").asString()).isEqualTo("cancel");
            assertThat(status.get("errorCode").asString()).isEqualTo("irp.unavailable");
            assertThat(Instant.parse(status.get("nextRetryAt").asString())).isAfter(Instant.now().minusSeconds(1));
            assertThat(status.get("retryCount").asInt()).isGreaterThanOrEqualTo(1);

            ApiClient.Reply repeated = api.post("/v1/einvoices/" + id + "/cancel", cancelBody("1", "Duplicate of INV-7"),
                    "co-2-" + id);
            assertThat(repeated.status()).as(repeated.body()).isEqualTo(202);
        } finally {
            sandbox.clearFaults();
        }

        JsonNode status = null;
        for (int i = 0; i < 120; i++) {
            status = api.get("/v1/einvoices/" + id + "/status").json();
            if ("cancelled".equals(status.get("status").asString())) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(status.get("status").asString()).isEqualTo("cancelled");
        assertThat(status.has("pendingAction")).isFalse();
        JsonNode fetched = api.get("/v1/einvoices/" + id).json();
        assertThat(fetched.get("cancellationReason").asString()).isEqualTo("Duplicate of INV-7");
        assertThat(fetched.get("signedInvoice").isNull()).isTrue();
        Thread.sleep(1500); // give a stray second send the chance to happen
        assertThat(sandbox.stats().cancellations()).isEqualTo(before + 1);
        List<String> notes = invoices.events(id).stream().map(EInvoiceEvent::note).toList();
        assertThat(notes).contains("cancel requested (reason 1)", "cancel deferred: irp.unavailable", "cancelled on the IRP");
        assertThat(invoices.events(id).stream().filter(e -> "cancelled".equals(e.toStatus())).count()).isEqualTo(1);
    }

    @Test
    void eInvoiceIsFoundByItsIrnWithinTheTenant() {
        JsonNode einvoice = generated(number("CI"));

        ApiClient.Reply found = api.get("/v1/einvoices/irn/" + einvoice.get("irn").asString());
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("id").asString()).isEqualTo(einvoice.get("id").asString());

        ApiClient.Reply missing = api.get("/v1/einvoices/irn/" + "0".repeat(64));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asString()).isEqualTo("not_found");
    }
}
