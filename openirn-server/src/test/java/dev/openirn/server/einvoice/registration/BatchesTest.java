package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.sandbox.SandboxStats;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Bulk batches against the real parts: embedded PostgreSQL, the registration worker, the sandbox IRP over
 * loopback HTTP (its registry counts what was really registered) and its fault injection.
 */
class BatchesTest extends FastRetriesServerTest {

    private static final String BATCHES = "/v1/einvoices/batches";

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void fastBackground(DynamicPropertyRegistry registry) {
        registry.add("openirn.batches.completion-check-interval", () -> "200ms");
        registry.add("openirn.batches.store-chunk-size", () -> Integer.toString(STORE_CHUNK));
    }

    /** Small chunks, so that a batch of a few dozen items is stored in several transactions. */
    private static final int STORE_CHUNK = 25;

    @AfterEach
    void clearFaults() {
        sandbox.clearFaults();
    }

    @Test
    void validInvalidAndDuplicateItemsAreCountedLinkedAndRegisteredOnce() {
        String a = ApiClient.uniqueNumber("BA-");
        String b = ApiClient.uniqueNumber("BB-");
        String c = ApiClient.uniqueNumber("BC-");
        String body = batch(
                item("key-" + a, ApiClient.quickstartWithNumber(a)),                               // 0 valid
                item(null, ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BX-"))
                        .replace("\"hsnCode\": \"998314\"", "\"hsnCode\": \"12\"")),             // 1 invalid HSN
                item(null, ApiClient.quickstartWithNumber(b)),                                     // 2 valid, derived key
                item(null, ApiClient.quickstartWithNumber(a)),                                     // 3 same document as 0
                item("key-" + c, ApiClient.quickstartWithNumber(c)),                               // 4 valid
                item("key-" + a, ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BY-"))),   // 5 key of 0, other document
                item(null, ApiClient.quickstartWithNumber(b).replace("Globex Pvt Ltd", "Globex India Pvt Ltd"))); // 6 number of 2, other data
        SandboxStats before = sandbox.stats();

        ApiClient.Reply submitted = api.post(BATCHES, body, null);

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode batch = submitted.json();
        String id = batch.get("id").asString();
        assertThat(id).matches("batch_[0-9A-Z]{26}");
        assertThat(batch.get("object").asString()).isEqualTo("einvoice_batch");
        assertThat(batch.get("counts").get("total").asInt()).isEqualTo(7);
        assertThat(batch.get("counts").get("invalid").asInt()).isEqualTo(3);
        assertThat(batch.get("completedAt").isNull() || batch.get("status").asString().equals("completed")).isTrue();

        JsonNode done = awaitCompleted(id, Duration.ofSeconds(60));
        JsonNode counts = done.get("counts");
        assertThat(counts.get("generated").asInt()).isEqualTo(4);
        assertThat(counts.get("invalid").asInt()).isEqualTo(3);
        assertThat(counts.get("pending").asInt() + counts.get("queued").asInt() + counts.get("failed_retriable").asInt()
                + counts.get("failed_terminal").asInt() + counts.get("cancelled").asInt()).isZero();
        assertThat(done.get("completedAt").isNull()).isFalse();
        SandboxStats after = sandbox.stats();
        assertThat(after.registrations() - before.registrations()).as("documents a, b and c, once each").isEqualTo(3);
        assertThat(after.duplicates() - before.duplicates()).isZero();

        List<JsonNode> items = list(done.get("items").get("data"));
        assertThat(items).extracting(item -> item.get("index").asInt()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(items).extracting(item -> item.get("status").asString())
                .containsExactly("generated", "invalid", "generated", "generated", "generated", "invalid", "invalid");
        assertThat(items.get(3).get("eInvoiceId").asString()).isEqualTo(items.get(0).get("eInvoiceId").asString());
        assertThat(items.get(0).get("idempotencyKey").asString()).isEqualTo("key-" + a);
        assertThat(items.get(2).get("idempotencyKey").asString()).isEqualTo("doc:29ABCDE1234F1Z5:INV:" + b + ":2026-05-04");
        assertThat(items.get(1).get("eInvoiceId").isNull()).isTrue();
        assertThat(items.get(1).get("errors").get(0).get("field").asString()).isEqualTo("lines[0].hsnCode");
        assertThat(items.get(5).get("errors").get(0).get("code").asString()).isEqualTo("idempotency.key_reused_mismatch");
        assertThat(items.get(6).get("errors").get(0).get("code").asString()).isEqualTo("einvoice.duplicate");
        assertThat(items.get(0).get("errors")).isEmpty();
        String einvoiceOfA = items.get(0).get("eInvoiceId").asString();
        JsonNode generatedA = api.get("/v1/einvoices/" + einvoiceOfA).json();
        assertThat(generatedA.get("status").asString()).isEqualTo("generated");
        // A generated item carries what a results file needs, so no per-document GET is needed.
        assertThat(items.get(0).get("irn").asString()).hasSize(64).isEqualTo(generatedA.get("irn").asString());
        assertThat(items.get(0).get("ackNumber").asString()).isEqualTo(generatedA.get("ackNumber").asString());
        assertThat(items.get(0).get("ackDate").asString()).isEqualTo(generatedA.get("ackDate").asString());
        assertThat(items.get(1).get("irn").isNull()).isTrue();

        // batch.completed: exactly once, also after further runs of the completion check.
        sleep(600);
        JsonNode events = api.get("/v1/events?type=batch.completed&objectId=" + id).json().get("data");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("data").get("id").asString()).isEqualTo(id);
        assertThat(events.get(0).get("data").get("status").asString()).isEqualTo("completed");
        assertThat(events.get(0).get("data").get("counts").get("generated").asInt()).isEqualTo(4);

        // The same file again: every valid item finds what it registered; nothing new reaches the IRP.
        ApiClient.Reply again = api.post(BATCHES, body, null);
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        String secondId = again.json().get("id").asString();
        assertThat(secondId).isNotEqualTo(id);
        JsonNode secondDone = awaitCompleted(secondId, Duration.ofSeconds(30));
        assertThat(list(secondDone.get("items").get("data"))).extracting(item -> item.get("eInvoiceId").isNull()
                ? null : item.get("eInvoiceId").asString())
                .containsExactlyElementsOf(items.stream().map(item -> item.get("eInvoiceId").isNull() ? null
                        : item.get("eInvoiceId").asString()).toList());
        assertThat(secondDone.get("counts").get("generated").asInt()).isEqualTo(4);
        assertThat(sandbox.stats().registrations() - before.registrations()).isEqualTo(3);
        assertThat(sandbox.stats().generateCalls() - after.generateCalls()).isZero();
    }

    @Test
    void theWholeBatchHonoursIdempotencyKey() {
        String body = batch(item(null, ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BK-"))));
        String key = "batch-" + ApiClient.uniqueNumber("K");

        ApiClient.Reply first = api.post(BATCHES, body, key);
        ApiClient.Reply replay = api.post(BATCHES, body, key);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(api.post(BATCHES, batch(item(null, ApiClient.quickstartWithNumber("OTHER-1"))), key).json()
                .get("code").asString()).isEqualTo("idempotency.key_reused_mismatch");
        awaitCompleted(first.json().get("id").asString(), Duration.ofSeconds(30));
    }

    @Test
    void aFailingIrpStillDrainsEveryItemToGeneratedWithoutDuplicates() {
        List<String> numbers = IntStream.range(0, 12).mapToObj(i -> ApiClient.uniqueNumber("BF-")).toList();
        SandboxStats before = sandbox.stats();
        // Attempts whose registration commits on the IRP but whose answer never arrives, then plain 5xx answers.
        sandbox.injectFault(Fault.of(FaultMode.TIMEOUT_AFTER_COMMIT).times(2).withLatency(Duration.ofSeconds(5)));
        String body = batch(numbers.stream().map(number -> item(null, ApiClient.quickstartWithNumber(number))).toArray(String[]::new));

        ApiClient.Reply submitted = api.post(BATCHES, body, null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sandbox.stats().generateCalls() - before.generateCalls() < 2 && System.nanoTime() < deadline) {
            sleep(20);
        }
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).times(4));

        JsonNode done = awaitCompleted(submitted.json().get("id").asString(), Duration.ofSeconds(120));
        assertThat(done.get("counts").get("generated").asInt()).as(done.toString()).isEqualTo(12);
        SandboxStats after = sandbox.stats();
        assertThat(after.registrations() - before.registrations()).isEqualTo(12);
        assertThat(after.duplicates() - before.duplicates()).isZero();
        List<JsonNode> items = list(done.get("items").get("data"));
        Set<String> irns = new HashSet<>();
        int retries = 0;
        for (JsonNode item : items) {
            JsonNode status = api.get("/v1/einvoices/" + item.get("eInvoiceId").asString() + "/status").json();
            irns.add(status.get("irn").asString());
            retries += status.get("retryCount").asInt();
        }
        assertThat(irns).hasSize(12);
        assertThat(retries).as("the failed attempts were retried").isGreaterThanOrEqualTo(2);
    }

    /**
     * Every write transaction waits for a WAL flush, so they bound how fast a batch drains: an item costs its
     * attempt's "sent" and outcome commits and a share of the worker's lease of 20 rows, but no lease renewal
     * (the worker's lease is fresh when the attempt starts). With the renewal it was 3.2.
     */
    @Test
    void aDrainedItemCostsAboutTwoWriteTransactions() {
        int count = 40;
        String body = batch(IntStream.range(0, count).mapToObj(i -> item(null,
                ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BW-")))).toArray(String[]::new));
        api.token();
        // Tables with rows but no statistics yet are analysed within a second (database.FirstStatistics), each in a
        // transaction of its own: not while this is counted (the batch tables' first analyses may still fall in it).
        jdbc.sql("analyze").update();
        SandboxStats sandboxBefore = sandbox.stats();
        long before = transactionIds();

        ApiClient.Reply submitted = api.post(BATCHES, body, null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        JsonNode done = awaitCompleted(submitted.json().get("id").asString(), Duration.ofSeconds(60));

        assertThat(done.get("counts").get("generated").asInt()).isEqualTo(count);
        // Less the batch's own (storing it, one per chunk, and marking it completed) and the in-process sandbox's,
        // which keeps its registry in the same database (one insert per registration).
        long sandboxWrites = sandbox.stats().registrations() - sandboxBefore.registrations();
        long batchWrites = (count + STORE_CHUNK - 1) / STORE_CHUNK + 1;
        double perItem = (transactionIds() - before - batchWrites - sandboxWrites) / (double) count;
        assertThat(perItem).as("write transactions per drained item").isLessThanOrEqualTo(2.5);
    }

    /**
     * Each chunk commits as it is stored, so the worker registers the first items while the request is still
     * validating the rest; the 202 still comes only once every item is stored (all of them are in the answer).
     */
    @Test
    void theWorkerRegistersTheFirstItemsBeforeTheLastAreStored() {
        int count = 12 * STORE_CHUNK;
        String body = batch(IntStream.range(0, count).mapToObj(i -> item(null,
                ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BO-")))).toArray(String[]::new));

        ApiClient.Reply submitted = api.post(BATCHES, body, null);
        Instant answered = Instant.now();

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        assertThat(submitted.json().get("counts").get("total").asInt()).isEqualTo(count);
        assertThat(submitted.json().get("counts").get("invalid").asInt()).isZero();
        java.sql.Timestamp firstGenerated = jdbc.sql("""
                select min(e.at) from einvoice_event e join einvoice_batch_item i on i.einvoice_id = e.einvoice_id
                where i.batch_id = :id and e.to_status = 'generated'""").param("id", id).query(java.sql.Timestamp.class).list().get(0);
        assertThat(firstGenerated).as("an item generated before the batch was answered").isNotNull();
        assertThat(firstGenerated.toInstant()).isBefore(answered);
        assertThat(awaitCompleted(id, Duration.ofSeconds(120)).get("counts").get("generated").asInt()).isEqualTo(count);
    }

    /**
     * A request that stopped halfway (its server died, or it failed) left its batch unfinished: invisible, never
     * completed. Retried under the same Idempotency-Key, it continues that batch: one batch, each item once, each
     * document registered once.
     */
    @Test
    void aRetriedRequestContinuesTheBatchItsFirstAttemptLeftUnfinished() {
        int count = 3 * STORE_CHUNK;
        String body = batch(IntStream.range(0, count).mapToObj(i -> item(null,
                ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("BR-")))).toArray(String[]::new));
        String key = "batch-" + ApiClient.uniqueNumber("R");
        SandboxStats before = sandbox.stats();
        ApiClient.Reply first = api.post(BATCHES, body, key);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        String id = first.json().get("id").asString();
        awaitCompleted(id, Duration.ofSeconds(60));
        // What the first attempt leaves when it stops after its first chunk: the rest unstored, no answer under the key.
        jdbc.sql("update einvoice_batch set accepted = false, completed_at = null where id = :id").param("id", id).update();
        jdbc.sql("delete from einvoice_batch_item where batch_id = :id and item_index >= :from").param("id", id)
                .param("from", STORE_CHUNK).update();
        jdbc.sql("delete from idempotency_key where idempotency_key = :key").param("key", key).update();
        assertThat(api.get(BATCHES + "/" + id).status()).as("unfinished: not visible").isEqualTo(404);

        ApiClient.Reply retried = api.post(BATCHES, body, key);

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("id").asString()).isEqualTo(id);
        JsonNode done = awaitCompleted(id, Duration.ofSeconds(60));
        List<JsonNode> items = list(done.get("items").get("data"));
        assertThat(items).extracting(item -> item.get("index").asInt()).containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        assertThat(items).extracting(item -> item.get("status").asString()).containsOnly("generated");
        assertThat(items.stream().map(item -> item.get("eInvoiceId").asString()).distinct()).hasSize(count);
        assertThat(jdbc.sql("select count(*) from einvoice_batch where request_key = :key").param("key", key)
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(sandbox.stats().registrations() - before.registrations()).isEqualTo(count);
        assertThat(sandbox.stats().duplicates() - before.duplicates()).isZero();
    }

    private long transactionIds() {
        return jdbc.sql("select txid_snapshot_xmax(txid_current_snapshot())").query(Long.class).single();
    }

    @Test
    void itemsAndBatchesArePagedWithACursor() {
        // Five invalid items: the batch is complete at once, nothing is sent.
        String body = batch(IntStream.range(0, 5).mapToObj(i -> item("page-" + i, "{\"invoiceNumber\": \"P-" + i + "\"}"))
                .toArray(String[]::new));
        ApiClient.Reply submitted = api.post(BATCHES, body, null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(submitted.json().get("status").asString()).isEqualTo("completed");
        String id = submitted.json().get("id").asString();

        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(BATCHES + "/" + id + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json()
                    .get("items");
            list(page.get("data")).forEach(item -> seen.add(item.get("index").asInt()));
            cursor = page.get("hasMore").asBoolean() ? page.get("nextCursor").asString() : null;
            assertThat(page.get("nextCursor").isNull()).isEqualTo(cursor == null);
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(pages).isEqualTo(3);

        String newer = api.post(BATCHES, body, null).json().get("id").asString();
        JsonNode firstPage = api.get(BATCHES + "?limit=1").json();
        assertThat(firstPage.get("data").get(0).get("id").asString()).isEqualTo(newer);
        assertThat(firstPage.get("data").get(0).has("items")).isFalse();
        assertThat(firstPage.get("hasMore").asBoolean()).isTrue();
        JsonNode secondPage = api.get(BATCHES + "?limit=1&cursor=" + firstPage.get("nextCursor").asString()).json();
        assertThat(secondPage.get("data").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void badInputIsA4xxNamingTheField() {
        assertError(api.post(BATCHES, "not json", null), 400, "request.malformed_json", null);
        assertError(api.post(BATCHES, "[]", null), 400, "request.malformed_json", null);
        assertError(api.post(BATCHES, "{}", null), 422, "validation_error", "items");
        assertError(api.post(BATCHES, "{\"items\": {}}", null), 422, "validation_error", "items");
        assertError(api.post(BATCHES, "{\"items\": []}", null), 422, "validation_error", "items");
        String tooMany = batch(IntStream.range(0, 1001).mapToObj(i -> item(null, "{}")).toArray(String[]::new));
        ApiClient.Reply reply = api.post(BATCHES, tooMany, null);
        assertError(reply, 422, "validation_error", "items");
        assertThat(reply.json().get("details").get(0).get("code").asString()).isEqualTo("batch.too_many_items");
        ApiClient.Reply shapes = api.post(BATCHES, "{\"items\": [{\"invoice\": {}}, 1, {\"invoice\": 5}, {\"invoice\": {}, "
                + "\"idempotencyKey\": 7}, {\"invoice\": {}, \"extra\": true}]}", null);
        assertThat(shapes.status()).as(shapes.body()).isEqualTo(422);
        assertThat(list(shapes.json().get("details"))).extracting(detail -> detail.get("field").asString())
                .containsExactly("items[1]", "items[2].invoice", "items[3].idempotencyKey", "items[4].extra");
        assertThat(api.post(BATCHES, batch(item(null, "{}")), null, "text/plain").status()).isEqualTo(415);

        assertError(api.get(BATCHES + "?limit=0"), 400, "request.parameter_invalid", "limit");
        assertError(api.get(BATCHES + "?cursor=x"), 400, "request.parameter_invalid", "cursor");
        assertError(api.get(BATCHES + "?sort=asc"), 400, "request.parameter_invalid", "sort");
        assertError(api.get(BATCHES + "/batch_01ARZ3NDEKTSV4RRFFQ69G5FAV"), 404, "not_found", null);
        assertError(api.get(BATCHES + "/nonsense"), 404, "not_found", null);
        String id = api.post(BATCHES, batch(item(null, "{}")), null).json().get("id").asString();
        assertError(api.get(BATCHES + "/" + id + "?cursor=-1"), 400, "request.parameter_invalid", "cursor");
        assertError(api.get(BATCHES + "/" + id + "?limit=1001"), 400, "request.parameter_invalid", "limit");
    }

    private static void assertError(ApiClient.Reply reply, int status, String code, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        JsonNode error = reply.json();
        assertThat(error.get("object").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo(code);
        if (field != null) {
            assertThat(list(error.get("details"))).extracting(detail -> detail.get("field").asString()).contains(field);
        }
    }

    private JsonNode awaitCompleted(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch;
        do {
            ApiClient.Reply reply = api.get(BATCHES + "/" + id + "?limit=1000");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            batch = reply.json();
            if (batch.get("status").asString().equals("completed")) {
                return batch;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("batch " + id + " not completed within " + timeout + ": " + batch);
    }

    static String item(String key, String invoice) {
        return "{" + (key == null ? "" : "\"idempotencyKey\": \"" + key + "\", ") + "\"invoice\": " + invoice + "}";
    }

    static String batch(String... items) {
        return "{\"items\": [" + String.join(", ", items) + "]}";
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
