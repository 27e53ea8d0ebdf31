package dev.openirn.server.ewaybill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code /v1/ewaybills} end to end: the API over loopback, the sandbox's e-way bill system behind it. */
public class EwayBillTest extends FastRetriesServerTest {

    static final String SUPPLIER = "29AAACP7879D1Z0";
    static final String BUYER = "29AAFCC9980M1ZR";

    @Autowired
    RunningIrpSandbox sandbox;

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }


    static String today() {
        return LocalDate.now(ZoneOffset.ofHoursMinutes(5, 30)).toString();
    }

    /** An intra-state supply of goods by road, Bengaluru to Tumakuru; {@code transport} is the JSON of the transport block. */
    public static String standalone(String number, String transport) {
        return """
                {"supplyType":"O","subSupplyType":"1","documentType":"INV","documentNumber":"%s","documentDate":"%s",
                 "transactionType":1,
                 "from":{"gstin":"%s","tradeName":"Example Supplier","address1":"1 Residency Road","place":"Bengaluru",
                         "pincode":560025,"stateCode":29},
                 "to":{"gstin":"%s","tradeName":"Example Buyer","address1":"4 BH Road","place":"Tumakuru",
                       "pincode":572101,"stateCode":29},
                 "totals":{"totalValue":60000,"cgstValue":5400,"sgstValue":5400,"igstValue":0,"totalInvoiceValue":70800},
                 "transport":%s,
                 "items":[{"productName":"Steel racks","hsnCode":"94032010","quantity":20,"unit":"NOS","cgstRate":9,
                           "sgstRate":9,"igstRate":0,"taxableAmount":60000}]}
                """.formatted(number, today(), SUPPLIER, BUYER, transport);
    }

    public static final String BY_ROAD = "{\"transportMode\":1,\"distance\":0,\"vehicleNumber\":\"KA01AB1234\",\"vehicleType\":\"R\"}";
    static final String PART_A_ONLY = "{\"distance\":0,\"transporterId\":\"29AAFCC9980M1ZR\"}";

    static String number(String prefix) {
        return ApiClient.uniqueNumber(prefix).replace("_", "-");
    }

    JsonNode generated(String number, String transport) {
        ApiClient.Reply created = api.post("/v1/ewaybills", standalone(number, transport), "ewb-" + number);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    @Test
    void standaloneBillIsGeneratedReadListedAndFoundByItsNumber() {
        String number = number("EW");
        long before = sandbox.stats().ewbGenerated();

        JsonNode bill = generated(number, BY_ROAD);

        assertThat(bill.get("object").asString()).isEqualTo("ewaybill");
        assertThat(bill.get("id").asString()).startsWith("ewb_");
        assertThat(bill.get("status").asString()).isEqualTo("generated");
        assertThat(bill.get("ewbNumber").asLong()).isPositive();
        assertThat(bill.get("validUntil").isNull()).isFalse();
        assertThat(bill.get("transport").get("vehicleNumber").asString()).isEqualTo("KA01AB1234");
        assertThat(bill.get("transport").get("distance").asInt()).isPositive(); // 0 asked NIC to compute it
        assertThat(bill.get("vehicleHistory")).hasSize(1);
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(before + 1);

        String id = bill.get("id").asString();
        assertThat(api.get("/v1/ewaybills/" + id).json()).isEqualTo(bill);
        assertThat(api.get("/v1/ewaybills/ewb/" + bill.get("ewbNumber").asLong()).json().get("id").asString()).isEqualTo(id);
        JsonNode listed = api.get("/v1/ewaybills?documentNumber=" + number).json();
        assertThat(listed.get("object").asString()).isEqualTo("list");
        assertThat(listed.get("data").findValuesAsString("id")).containsExactly(id);
        assertThat(api.get("/v1/ewaybills?status=generated&generatorGstin=" + SUPPLIER + "&limit=100").json().get("data")
                .findValuesAsString("id")).contains(id);

        // The same request again is answered with the same bill; nothing more goes to NIC.
        ApiClient.Reply again = api.post("/v1/ewaybills", standalone(number, BY_ROAD), "ewb-again-" + number);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        ApiClient.Reply different = api.post("/v1/ewaybills", standalone(number, PART_A_ONLY), "ewb-diff-" + number);
        assertThat(different.status()).as(different.body()).isEqualTo(409);
        assertThat(different.json().get("code").asString()).isEqualTo("ewaybill.duplicate");
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(before + 1);

        ApiClient.Reply transporter = api.post("/v1/ewaybills/" + id + "/update-transporter",
                "{\"transporterId\":\"29AABCT1332L1ZU\"}", "tr-" + id);
        assertThat(transporter.status()).as(transporter.body()).isEqualTo(200);
        assertThat(transporter.json().get("transport").get("transporterId").asString()).isEqualTo("29AABCT1332L1ZU");
        assertThat(transporter.json().get("history").findValuesAsString("type")).contains("transporter");
        assertThat(transporter.json().get("vehicleHistory")).hasSize(1);
    }

    @Test
    void partAOnlyBillHasNoValidityUntilItsFirstVehicleThenEveryVehicleIsKeptAndFoundByVehicle() {
        JsonNode bill = generated(number("PA"), PART_A_ONLY);
        String id = bill.get("id").asString();
        assertThat(bill.get("status").asString()).isEqualTo("generated");
        assertThat(bill.get("validUntil").isNull()).isTrue();
        assertThat(bill.get("vehicleHistory")).isEmpty();

        ApiClient.Reply first = api.post("/v1/ewaybills/" + id + "/update-part-b", """
                {"vehicleNumber":"KA05MN4321","transportMode":1,"fromPlace":"Bengaluru","fromStateCode":29,"reasonCode":4}
                """, "pb1-" + id);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("validUntil").isNull()).isFalse();
        ApiClient.Reply second = api.post("/v1/ewaybills/" + id + "/update-part-b", """
                {"vehicleNumber":"ka 05 xy 9876","transportMode":1,"fromPlace":"Tumakuru Road","fromStateCode":29,
                 "reasonCode":1,"reasonRemark":"Break down"}
                """, "pb2-" + id);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        JsonNode updated = second.json();
        assertThat(updated.get("transport").get("vehicleNumber").asString()).isEqualTo("KA05XY9876");
        assertThat(updated.get("vehicleHistory").findValuesAsString("vehicleNumber")).containsExactly("KA05MN4321", "KA05XY9876");
        assertThat(updated.get("vehicleHistory").get(1).get("reasonRemark").asString()).isEqualTo("Break down");

        // Listed by its earlier vehicle as well as its current one.
        assertThat(api.get("/v1/ewaybills?vehicleNumber=KA05MN4321").json().get("data").findValuesAsString("id")).containsExactly(id);
        assertThat(api.get("/v1/ewaybills?vehicleNumber=KA05XY9876").json().get("data").findValuesAsString("id")).containsExactly(id);

    }

    @Test
    void invalidRequestsAreRefusedFieldByFieldBeforeNicSeesThem() {
        long calls = sandbox.stats().ewbCalls();
        String body = standalone(number("BAD"), "{\"transportMode\":1,\"distance\":5000,\"vehicleNumber\":\"KA1\"}")
                .replace("\"pincode\":560025", "\"pincode\":56002")
                .replace("\"subSupplyType\":\"1\"", "\"subSupplyType\":\"8\"");

        ApiClient.Reply reply = api.post("/v1/ewaybills", body, "bad-" + System.nanoTime());

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(reply.json().get("details").findValuesAsString("field")).contains("transport.distance",
                "transport.vehicleNumber", "from.pincode", "subSupplyDescription");
        assertThat(reply.json().get("details").findValuesAsString("nicCode")).contains("221", "225", "377");

        ApiClient.Reply importOutward = api.post("/v1/ewaybills", standalone(number("BAD"), BY_ROAD)
                .replace("\"subSupplyType\":\"1\"", "\"subSupplyType\":\"2\""), "bad2-" + System.nanoTime());
        assertThat(importOutward.status()).isEqualTo(422);
        assertThat(importOutward.json().get("details").findValuesAsString("field")).contains("subSupplyType");

        ApiClient.Reply railWithoutDocument = api.post("/v1/ewaybills", standalone(number("BAD"),
                "{\"transportMode\":2,\"distance\":100}"), "bad3-" + System.nanoTime());
        assertThat(railWithoutDocument.status()).isEqualTo(422);
        assertThat(railWithoutDocument.json().get("details").findValuesAsString("field"))
                .contains("transport.transportDocumentNumber");
        assertThat(sandbox.stats().ewbCalls()).isEqualTo(calls);
    }

    @Test
    void aSmallConsignmentIsGeneratedWithAThresholdWarning() {
        String body = standalone(number("SM"), BY_ROAD).replace("\"totalInvoiceValue\":70800", "\"totalInvoiceValue\":40000")
                .replace("\"totalValue\":60000", "\"totalValue\":33898.30").replace("\"cgstValue\":5400", "\"cgstValue\":3050.85")
                .replace("\"sgstValue\":5400", "\"sgstValue\":3050.85").replace("\"taxableAmount\":60000", "\"taxableAmount\":33898.30");
        ApiClient.Reply reply = api.post("/v1/ewaybills", body, "small-" + System.nanoTime());
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().get("warnings").findValuesAsString("code")).contains("ewaybill.below_threshold");
    }

    @Test
    void cancelInsideTheWindowAndNotTwice() {
        JsonNode bill = generated(number("CN"), BY_ROAD);
        String id = bill.get("id").asString();
        long before = sandbox.stats().ewbCancellations();

        ApiClient.Reply cancelled = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":2,\"remark\":\"Order cancelled\"}",
                "cn-" + id);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("cancellationReason").asString()).isEqualTo("Order cancelled");
        assertThat(cancelled.json().get("cancelledAt").isNull()).isFalse();
        assertThat(cancelled.json().get("history").findValuesAsString("toStatus")).containsSubsequence("pending", "queued",
                "generated", "cancelled");
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(before + 1);
        // Each transition is an event for webhooks, its data the bill as GET shows it then.
        assertThat(eventTypes(id)).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
        ApiClient.Reply update = api.post("/v1/ewaybills/" + id + "/update-part-b", """
                {"vehicleNumber":"KA05MN4321","transportMode":1,"fromPlace":"Bengaluru","fromStateCode":29,"reasonCode":1}
                """, "pb-after-cancel-" + id);
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.json().get("code").asString()).isEqualTo("ewaybill.not_updatable");

        // The document is free again: a new bill may move the goods.
        String number = bill.get("documentNumber").asString();
        assertThat(api.post("/v1/ewaybills", standalone(number, BY_ROAD), "ewb-new-" + number).status()).isEqualTo(201);
    }

    @Test
    void cancelAfter24HoursAndExtendOutsideTheWindowAreRefusedWithNicsCodes() {
        JsonNode bill = generated(number("WN"), BY_ROAD);
        String id = bill.get("id").asString();
        ApiClient.Reply early = api.post("/v1/ewaybills/" + id + "/extend-validity", extension(), "ext-early-" + id);
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().get("code").asString()).isEqualTo("ewaybill.not_extendable");
        assertThat(early.json().get("upstream").get("code").asString()).isEqualTo("382");

        Duration moved = Duration.between(sandbox.now(), java.time.Instant.parse(bill.get("validUntil").asString()))
                .minusHours(2);
        sandbox.advanceClock(moved);
        try {
            ApiClient.Reply cancel = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":1,\"remark\":\"Late\"}",
                    "cn-late-" + id);
            assertThat(cancel.status()).as(cancel.body()).isEqualTo(409);
            assertThat(cancel.json().get("code").asString()).isEqualTo("ewaybill.not_cancellable");
            assertThat(cancel.json().get("upstream").get("code").asString()).isNotBlank();

            ApiClient.Reply extended = api.post("/v1/ewaybills/" + id + "/extend-validity", extension(), "ext-" + id);
            assertThat(extended.status()).as(extended.body()).isEqualTo(200);
            assertThat(java.time.Instant.parse(extended.json().get("validUntil").asString()))
                    .isAfter(java.time.Instant.parse(bill.get("validUntil").asString()));
            assertThat(extended.json().get("history").findValuesAsString("type")).contains("extension");
        } finally {
            sandbox.advanceClock(moved.negated());
        }
    }

    static String extension() {
        return """
                {"vehicleNumber":"KA01AB1234","fromPlace":"Tumakuru","fromStateCode":29,"fromPincode":572101,"reasonCode":99,
                 "remark":"Road closed","consignmentStatus":"M","remainingDistanceKm":40,"transportMode":1}
                """;
    }

    @Test
    void counterPartyRejectsAndTheGeneratorMayNot() {
        JsonNode bill = generated(number("RJ"), BY_ROAD);
        String id = bill.get("id").asString();
        ApiClient.Reply byGenerator = api.post("/v1/ewaybills/" + id + "/reject", "{\"gstin\":\"" + SUPPLIER + "\"}", "rj0-" + id);
        assertThat(byGenerator.status()).as(byGenerator.body()).isEqualTo(403);
        assertThat(byGenerator.json().get("code").asString()).isEqualTo("ewaybill.not_counterparty");

        ApiClient.Reply rejected = api.post("/v1/ewaybills/" + id + "/reject", "{}", "rj-" + id);
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.json().get("rejectedAt").isNull()).isFalse();
    }

    @Test
    void timeoutAfterCommitIsResolvedByReadingBackAndLeavesExactlyOneBill() {
        String number = number("TO");
        long before = sandbox.stats().ewbGenerated();
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(1));

        ApiClient.Reply reply = api.post("/v1/ewaybills", standalone(number, BY_ROAD), "ewb-" + number);
        assertThat(reply.status()).as(reply.body()).isIn(201, 202);
        JsonNode bill = awaitFinal(reply.json().get("id").asString());

        assertThat(bill.get("status").asString()).isEqualTo("generated");
        assertThat(sandbox.stats().ewbGenerated()).isEqualTo(before + 1);
        assertThat(bill.get("history").findValuesAsString("note")).anyMatch(note -> note.startsWith("adopted"));
    }

    @Test
    void serverErrorsAndGspOutagesAreRetriedInTheBackgroundToExactlyOneBill() {
        for (FaultMode mode : List.of(FaultMode.HTTP_500, FaultMode.GSP_DOWN, FaultMode.DROP_CONNECTION)) {
            String number = number("F" + mode.ordinal());
            long before = sandbox.stats().ewbGenerated();
            sandbox.injectFault(Fault.of(mode).times(2));

            ApiClient.Reply reply = api.post("/v1/ewaybills", standalone(number, BY_ROAD), "ewb-" + number);
            assertThat(reply.status()).as(mode + ": " + reply.body()).isEqualTo(202);
            JsonNode bill = awaitFinal(reply.json().get("id").asString());

            assertThat(bill.get("status").asString()).as(mode.name()).isEqualTo("generated");
            assertThat(sandbox.stats().ewbGenerated()).as(mode.name()).isEqualTo(before + 1);
            sandbox.clearFaults();
        }
    }

    @Test
    void cancelWhoseAnswerIsLostIsConfirmedByReadingTheBillBack() {
        JsonNode bill = generated(number("CT"), BY_ROAD);
        String id = bill.get("id").asString();
        long before = sandbox.stats().ewbCancellations();
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(1));

        ApiClient.Reply cancelled = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":3,\"remark\":\"Typo\"}", "ct-" + id);

        // The answer is lost after the sync deadline: 202, and the attempt confirms the cancel by reading the bill back.
        assertThat(cancelled.status()).as(cancelled.body()).isIn(200, 202);
        assertThat(awaitStatus(id, "cancelled").get("status").asString()).isEqualTo("cancelled");
        assertThat(sandbox.stats().ewbCancellations()).isEqualTo(before + 1);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aBillPastItsValidityExpiresWithAnEventAndCanNoLongerBeCancelled() {
        JsonNode bill = generated(number("EX"), BY_ROAD);
        String id = bill.get("id").asString();
        // As if its validity had run out an hour ago (the gateway's clock is not the sandbox's).
        jdbc.sql("update ewaybill set valid_until = now() - interval '1 hour' where id = :id").param("id", id).update();

        JsonNode expired = awaitStatus(id, "expired");

        assertThat(expired.get("status").asString()).isEqualTo("expired");
        assertThat(eventTypes(id)).contains("ewaybill.generated", "ewaybill.expired");
        ApiClient.Reply cancel = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":1,\"remark\":\"x\"}", "cx-" + id);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().get("code").asString()).isEqualTo("ewaybill.not_cancellable");
    }

    /** The types of the events about one object (the top-level {@code type}, not those inside their data). */
    List<String> eventTypes(String objectId) {
        List<String> types = new java.util.ArrayList<>();
        api.get("/v1/events?objectId=" + objectId).json().get("data").forEach(event -> types.add(event.get("type").asString()));
        return types;
    }

    JsonNode awaitStatus(String id, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode bill;
        do {
            bill = api.get("/v1/ewaybills/" + id).json();
            if (bill.get("status").asString().equals(status)) {
                return bill;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        return bill;
    }

    @Test
    void aCancelThatNicCouldNotTakeIsQueuedAndDoneOnceByTheWorker() {
        for (FaultMode mode : List.of(FaultMode.HTTP_500, FaultMode.GSP_DOWN)) {
            JsonNode bill = generated(number("CU"), BY_ROAD);
            String id = bill.get("id").asString();
            long before = sandbox.stats().ewbCancellations();
            sandbox.injectFault(Fault.of(mode).times(1));

            ApiClient.Reply queued = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":1,\"remark\":\"Dup\"}",
                    "cu-" + mode + id);

            assertThat(queued.status()).as(mode + ": " + queued.body()).isEqualTo(202);
            assertThat(queued.json().get("status").asString()).isEqualTo("generated");
            assertThat(queued.json().get("pendingAction").get("type").asString()).isEqualTo("cancel");
            // Asking again while it waits sends nothing more.
            ApiClient.Reply again = api.post("/v1/ewaybills/" + id + "/cancel", "{\"reasonCode\":1,\"remark\":\"Dup\"}",
                    "cu2-" + mode + id);
            assertThat(again.status()).as(mode + ": " + again.body()).isIn(200, 202);
            assertThat(awaitStatus(id, "cancelled").get("status").asString()).as(mode.name()).isEqualTo("cancelled");
            assertThat(sandbox.stats().ewbCancellations()).isEqualTo(before + 1);
            assertThat(eventTypes(id)).containsExactlyInAnyOrder("ewaybill.generated", "ewaybill.cancelled");
            sandbox.clearFaults();
        }
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThat(api.get("/v1/ewaybills/ewb_01HRXY8N0E5PC6V0Z6P8Q1ABCD").status()).isEqualTo(404);
        assertThat(api.get("/v1/ewaybills/ewb/123456789012").status()).isEqualTo(404);
        assertThat(api.post("/v1/ewaybills/ewb_01HRXY8N0E5PC6V0Z6P8Q1ABCD/cancel", "{\"reasonCode\":1,\"remark\":\"x\"}",
                "nf-" + System.nanoTime()).status()).isEqualTo(404);
    }

    JsonNode awaitFinal(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode bill;
        do {
            bill = api.get("/v1/ewaybills/" + id).json();
            if (!List.of("pending", "queued", "failed_retriable").contains(bill.get("status").asString())) {
                return bill;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        return bill;
    }
}
