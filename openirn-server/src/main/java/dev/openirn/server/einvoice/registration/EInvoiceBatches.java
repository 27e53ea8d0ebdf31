package dev.openirn.server.einvoice.registration;

import dev.openirn.gst.nic.NicDate;
import dev.openirn.gst.nic.NicInvoice;
import dev.openirn.server.auth.Caller;
import dev.openirn.server.einvoice.EInvoices;
import dev.openirn.server.support.Ids;
import dev.openirn.server.web.ApiException;
import dev.openirn.server.web.ErrorDetail;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk batches: every item is validated and deduplicated by {@link EInvoiceService} exactly as a single
 * {@code POST /v1/einvoices} is, then stored, with the batch and all its items, in one transaction, unleased
 * and due at once. The registration worker sends them as it sends every other row awaiting the IRP: none is
 * attempted inside the request, so a large batch never holds a request thread, and an attempt's retries,
 * adoption of unseen outcomes and webhooks are those of any e-invoice.
 */
@Service
class EInvoiceBatches {

    static final int DEFAULT_ITEM_LIMIT = 100;
    static final int MAX_ITEM_LIMIT = 1000;
    static final int DEFAULT_BATCH_LIMIT = 10;
    static final int MAX_BATCH_LIMIT = 100;
    static final String INVALID = "invalid";
    private static final int WRITE_TRIES = 3;

    private final EInvoiceService service;
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate namedJdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final BatchProperties properties;

    EInvoiceBatches(EInvoiceService service, JdbcClient jdbc, NamedParameterJdbcTemplate namedJdbc,
            TransactionTemplate transactions, JsonMapper json, Clock clock, BatchProperties properties) {
        this.service = service;
        this.jdbc = jdbc;
        this.namedJdbc = namedJdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /** One submitted item after validation: its document, or why it has none. */
    private record Submitted(int index, String key, boolean keyGiven, CheckedInvoice checked, List<ErrorDetail> errors) {
    }

    /** What is stored for one item. */
    private record StoredItem(int index, String key, boolean keyGiven, String payloadHash, String einvoiceId,
            List<ErrorDetail> errors) {
    }

    /**
     * Validates and stores the batch and every item durably, then answers it. Items are validated and stored
     * {@code openirn.batches.store-chunk-size} at a time, each chunk in its own transaction, so the registration
     * worker starts sending the first items while later ones are still being validated; the batch stays invisible
     * (not answered, listed or completed) until its last chunk commits. A request retried under the same
     * Idempotency-Key ({@code requestKey}, null without one) continues the batch its earlier attempt left unfinished.
     */
    BatchView submit(Caller caller, byte[] body, String requestKey) {
        List<JsonNode> items = readItems(body);
        String[] id = {unfinishedBatch(caller, requestKey).orElseGet(() -> Ids.withPrefix("batch"))};
        int chunkSize = Math.max(1, properties.storeChunkSize());
        for (int from = 0; from < items.size(); from += chunkSize) {
            int to = Math.min(items.size(), from + chunkSize);
            List<Submitted> chunk = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(validate(caller, i, items.get(i)));
            }
            boolean last = to == items.size();
            for (int tries = 1; ; tries++) {
                try {
                    transactions.executeWithoutResult(status -> storeChunk(caller, id[0], requestKey, items.size(), chunk, last));
                    break;
                } catch (DuplicateKeyException raced) {
                    // A concurrent request stored one of these documents first, or another attempt of this request
                    // began the batch: decide the chunk's items again, in that batch.
                    if (tries == WRITE_TRIES) {
                        throw raced;
                    }
                    id[0] = unfinishedBatch(caller, requestKey).orElse(id[0]);
                }
            }
        }
        return find(caller, id[0]).orElseThrow();
    }

    /** The batch an earlier attempt of this request (same client and Idempotency-Key) began storing and never finished. */
    private Optional<String> unfinishedBatch(Caller caller, String requestKey) {
        if (requestKey == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select id from einvoice_batch
                where organization_id = :org and environment = :env and client_id = :client and request_key = :key
                  and not accepted""")
                .param("org", caller.organizationId()).param("env", caller.environment().wireName())
                .param("client", caller.clientId()).param("key", requestKey)
                .query(String.class).optional();
    }

    private List<JsonNode> readItems(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("request.malformed_json", "The request body is empty.", null);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("request.malformed_json", "The request body is not valid JSON: "
                    + e.getOriginalMessage(), null);
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("request.malformed_json",
                    "The request body must be a JSON object with an items array.", null);
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            throw ApiException.validation("items must be an array of 1 to " + properties.maxItems() + " items.",
                    List.of(ErrorDetail.of("items", "batch.items_required", "items must be an array of items.")));
        }
        if (items.isEmpty() || items.size() > properties.maxItems()) {
            throw ApiException.validation("A batch carries 1 to " + properties.maxItems() + " items, not " + items.size() + ".",
                    List.of(ErrorDetail.of("items", items.isEmpty() ? "batch.empty" : "batch.too_many_items",
                            "A batch carries 1 to " + properties.maxItems() + " items; this one has " + items.size() + ".")));
        }
        List<ErrorDetail> problems = new ArrayList<>();
        List<JsonNode> list = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            list.add(item);
            String at = "items[" + i + "]";
            if (!item.isObject()) {
                problems.add(ErrorDetail.of(at, "batch.item_not_object", at + " must be an object with an invoice."));
                continue;
            }
            JsonNode invoice = item.get("invoice");
            if (invoice == null || !invoice.isObject()) {
                problems.add(ErrorDetail.of(at + ".invoice", "batch.invoice_required",
                        at + ".invoice must be an object: a POST /v1/einvoices body."));
            }
            JsonNode key = item.get("idempotencyKey");
            if (key != null && !key.isNull() && !(key.isString() && wellFormedKey(key.asString()))) {
                problems.add(ErrorDetail.of(at + ".idempotencyKey", "idempotency.key_invalid",
                        at + ".idempotencyKey must be 1 to 255 printable ASCII characters."));
            }
            item.propertyNames().stream().filter(name -> !name.equals("invoice") && !name.equals("idempotencyKey"))
                    .forEach(name -> problems.add(ErrorDetail.of(at + "." + name, "request.unknown_field",
                            "Unknown field " + at + "." + name + "; an item has idempotencyKey and invoice.")));
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems.size() == 1 ? problems.get(0).message()
                    : "The batch is malformed in " + problems.size() + " places; see details.", problems);
        }
        return list;
    }

    /** As the Idempotency-Key header: 1 to 255 printable ASCII characters. */
    private static boolean wellFormedKey(String key) {
        return !key.isBlank() && key.length() <= 255 && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    private Submitted validate(Caller caller, int index, JsonNode item) {
        JsonNode given = item.get("idempotencyKey");
        boolean keyGiven = given != null && !given.isNull();
        JsonNode invoiceNode = item.get("invoice");
        byte[] invoice = json.writeValueAsBytes(invoiceNode);
        try {
            // The item is parsed already: only one citing an e-invoice by id needs the resolver's own parse.
            CheckedInvoice checked = citesEInvoiceIds(invoiceNode) ? service.check(caller, invoice, MediaType.APPLICATION_JSON)
                    : service.checkCitingNoIds(caller, invoice, MediaType.APPLICATION_JSON);
            NicInvoice nic = checked.invoice();
            String key = keyGiven ? given.asString() : derivedKey(nic.seller().gstin(), nic.document().type(),
                    nic.document().number(), NicDate.parse(nic.document().date()).toString());
            return new Submitted(index, key, keyGiven, checked, List.of());
        } catch (ApiException invalid) {
            String key = keyGiven ? given.asString() : derivedKey(text(invoiceNode, "seller", "gstin"),
                    text(invoiceNode, "documentType"), text(invoiceNode, "invoiceNumber"), text(invoiceNode, "invoiceDate"));
            return new Submitted(index, key, keyGiven, null, errorsOf(invalid));
        }
    }

    /** Whether {@link PrecedingDocuments} would find anything to resolve in this invoice. */
    private static boolean citesEInvoiceIds(JsonNode invoice) {
        JsonNode preceding = invoice.path("referenceDetails").path("precedingDocuments");
        if (!preceding.isArray()) {
            return false;
        }
        for (JsonNode document : preceding) {
            if (document.isObject() && document.has(PrecedingDocuments.FIELD)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key of an item sent without one: the document's identity as the IRP sees it (seller, type, number,
     * date as yyyy-MM-dd), so a file sent again finds what it registered. Null when the item does not name a document.
     */
    static String derivedKey(String sellerGstin, String documentType, String number, String date) {
        if (sellerGstin == null || documentType == null || number == null || date == null) {
            return null;
        }
        return "doc:" + sellerGstin.trim().toUpperCase(Locale.ROOT) + ":" + documentType.trim().toUpperCase(Locale.ROOT)
                + ":" + number.trim().toUpperCase(Locale.ROOT) + ":" + date.trim();
    }

    private static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String name : path) {
            at = at == null ? null : at.get(name);
        }
        return at != null && at.isString() && !at.asString().isBlank() ? at.asString() : null;
    }

    private static List<ErrorDetail> errorsOf(ApiException e) {
        return e.details().isEmpty() ? List.of(new ErrorDetail("invoice", e.code(), e.getMessage(), null)) : e.details();
    }

    /**
     * Writes one chunk of the batch: each item's e-invoice (new or linked) and each item, in the caller's transaction,
     * the batch row with the first chunk and its acceptance with the last. The batch row is locked first, so two
     * attempts of one request (a client's retry while the first still runs) take turns, and items an attempt finds
     * stored already are skipped: no item is stored twice.
     */
    private void storeChunk(Caller caller, String id, String requestKey, int itemCount, List<Submitted> chunk, boolean last) {
        Instant now = clock.instant();
        String environment = caller.environment().wireName();
        jdbc.sql("""
                insert into einvoice_batch (id, organization_id, environment, client_id, item_count, created_at, accepted,
                    request_key)
                values (:id, :org, :env, :client, :count, :now, false, :key)
                on conflict (id) do nothing""")
                .param("id", id).param("org", caller.organizationId()).param("env", environment)
                .param("client", caller.clientId()).param("count", itemCount).param("now", EInvoices.timestamp(now))
                .param("key", requestKey)
                .update();
        boolean accepted = jdbc.sql("select accepted from einvoice_batch where id = :id for update")
                .param("id", id).query(Boolean.class).single();
        if (accepted) {
            return; // another attempt of this request finished it
        }
        int storedItems = jdbc.sql("select count(*) from einvoice_batch_item where batch_id = :id")
                .param("id", id).query(Integer.class).single();
        // Keys sent earlier in this same chunk, as a later item with the same key must see them (earlier chunks are stored).
        Map<String, StoredItem> keysInBatch = new HashMap<>();
        List<StoredItem> stored = new ArrayList<>(chunk.size());
        for (Submitted item : chunk) {
            if (item.index() < storedItems) {
                continue;
            }
            StoredItem result = storeItem(caller, item, keysInBatch);
            if (result.keyGiven() && result.einvoiceId() != null) {
                keysInBatch.putIfAbsent(result.key(), result);
            }
            stored.add(result);
        }
        MapSqlParameterSource[] rows = stored.stream().map(item -> new MapSqlParameterSource()
                .addValue("batch", id).addValue("index", item.index()).addValue("org", caller.organizationId())
                .addValue("env", environment).addValue("key", item.key()).addValue("keyGiven", item.keyGiven())
                .addValue("hash", item.payloadHash()).addValue("einvoice", item.einvoiceId())
                .addValue("errors", item.errors().isEmpty() ? null : json.writeValueAsString(item.errors())))
                .toArray(MapSqlParameterSource[]::new);
        namedJdbc.batchUpdate("""
                insert into einvoice_batch_item (batch_id, item_index, organization_id, environment, idempotency_key,
                    key_given, payload_hash, einvoice_id, errors)
                values (:batch, :index, :org, :env, :key, :keyGiven, :hash, :einvoice, :errors)""", rows);
        if (last) {
            jdbc.sql("update einvoice_batch set accepted = true where id = :id").param("id", id).update();
        }
    }

    private StoredItem storeItem(Caller caller, Submitted item, Map<String, StoredItem> keysInBatch) {
        if (item.checked() == null) {
            return new StoredItem(item.index(), item.key(), item.keyGiven(), null, null, item.errors());
        }
        String hash = item.checked().payloadHash();
        if (item.keyGiven()) {
            StoredItem earlier = keysInBatch.get(item.key());
            Optional<String[]> linked = earlier != null ? Optional.of(new String[] {earlier.einvoiceId(), earlier.payloadHash()})
                    : earlierItemWithKey(caller, item.key());
            if (linked.isPresent()) {
                if (linked.get()[1].equals(hash)) {
                    return new StoredItem(item.index(), item.key(), true, hash, linked.get()[0], List.of());
                }
                return new StoredItem(item.index(), item.key(), true, null, null, List.of(ErrorDetail.of("idempotencyKey",
                        "idempotency.key_reused_mismatch", "Idempotency key " + item.key() + " was used before for another "
                                + "document or other data (e-invoice " + linked.get()[0] + "); use a new key for a new document.")));
            }
        }
        try {
            EInvoiceService.Admission admission = service.admit(caller, item.checked(),
                    service.buyerCheck(caller, item.checked(), MediaType.APPLICATION_JSON));
            return new StoredItem(item.index(), item.key(), item.keyGiven(), hash, service.storeForWorker(admission), List.of());
        } catch (ApiException refused) {
            return new StoredItem(item.index(), item.key(), item.keyGiven(), null, null, errorsOf(refused));
        }
    }

    /** The e-invoice and document hash an item with this client-given key registered before, in any batch of the tenant. */
    private Optional<String[]> earlierItemWithKey(Caller caller, String key) {
        return jdbc.sql("""
                select einvoice_id, payload_hash from einvoice_batch_item
                where organization_id = :org and environment = :env and idempotency_key = :key
                  and einvoice_id is not null and key_given
                order by batch_id limit 1""")
                .param("org", caller.organizationId()).param("env", caller.environment().wireName()).param("key", key)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    // --- reading

    Optional<BatchView> find(Caller caller, String id) {
        return jdbc.sql("""
                select id, created_at, completed_at from einvoice_batch
                where id = :id and organization_id = :org and environment = :env and accepted""")
                .param("id", id).param("org", caller.organizationId()).param("env", caller.environment().wireName())
                .query(this::view).optional();
    }

    /** For the completion job, which acts for whichever tenant owns the batch. */
    Optional<BatchView> findUnscoped(String id) {
        return jdbc.sql("select id, created_at, completed_at from einvoice_batch where id = :id and accepted")
                .param("id", id).query(this::view).optional();
    }

    /** The batch with one page of its items, from item {@code cursor} on. */
    BatchView get(Caller caller, String id, int limit, int cursor) {
        BatchView batch = find(caller, id).orElseThrow(() -> ApiException.notFound("Batch " + id));
        List<BatchView.BatchItem> items = jdbc.sql("""
                select i.item_index, i.idempotency_key, i.einvoice_id, i.errors, e.status, e.error_code, e.error_message,
                    e.upstream_code, e.irn, e.ack_number, e.ack_date, e.warnings
                from einvoice_batch_item i left join einvoice e on e.id = i.einvoice_id
                where i.batch_id = :id and i.item_index >= :from
                order by i.item_index limit :limit""")
                .param("id", id).param("from", cursor).param("limit", limit + 1)
                .query(this::item).list();
        boolean hasMore = items.size() > limit;
        List<BatchView.BatchItem> page = hasMore ? items.subList(0, limit) : items;
        String next = hasMore ? Integer.toString(page.get(page.size() - 1).index() + 1) : null;
        return batch.withItems(new BatchView.BatchItemPage(List.copyOf(page), hasMore, next));
    }

    /** The caller's batches, newest first, from just after batch {@code cursor} (null: the newest). */
    BatchView.BatchPage list(Caller caller, int limit, String cursor) {
        List<BatchView> batches = jdbc.sql("""
                select id, created_at, completed_at from einvoice_batch
                where organization_id = :org and environment = :env and accepted
                  and (cast(:cursor as text) is null or id < :cursor)
                order by id desc limit :limit""")
                .param("org", caller.organizationId()).param("env", caller.environment().wireName())
                .param("cursor", cursor).param("limit", limit + 1)
                .query(this::view).list();
        boolean hasMore = batches.size() > limit;
        List<BatchView> page = hasMore ? batches.subList(0, limit) : batches;
        return new BatchView.BatchPage("list", List.copyOf(page), hasMore, hasMore ? page.get(page.size() - 1).id() : null);
    }

    private BatchView view(ResultSet rs, int row) throws SQLException {
        String id = rs.getString("id");
        Instant completedAt = EInvoices.instant(rs, "completed_at");
        return new BatchView(id, BatchView.OBJECT, completedAt == null ? BatchView.PROCESSING : BatchView.COMPLETED,
                counts(id), EInvoices.instant(rs, "created_at"), completedAt, null);
    }

    /** The batch's items counted by the current status of their e-invoices. */
    BatchView.BatchCounts counts(String batchId) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        jdbc.sql("""
                select coalesce(e.status, 'invalid') as status, count(*) as items
                from einvoice_batch_item i left join einvoice e on e.id = i.einvoice_id
                where i.batch_id = :id group by 1""")
                .param("id", batchId)
                .query(rs -> {
                    byStatus.put(rs.getString("status"), rs.getInt("items"));
                });
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        return new BatchView.BatchCounts(total, byStatus.getOrDefault(INVALID, 0), byStatus.getOrDefault("pending", 0),
                byStatus.getOrDefault("queued", 0), byStatus.getOrDefault("generated", 0),
                byStatus.getOrDefault("failed_retriable", 0), byStatus.getOrDefault("failed_terminal", 0),
                byStatus.getOrDefault("cancelled", 0));
    }

    private BatchView.BatchItem item(ResultSet rs, int row) throws SQLException {
        int index = rs.getInt("item_index");
        String einvoiceId = rs.getString("einvoice_id");
        String storedErrors = rs.getString("errors");
        List<ErrorDetail> errors = storedErrors == null ? List.of()
                : json.readValue(storedErrors, new TypeReference<List<ErrorDetail>>() { });
        String status = einvoiceId == null ? INVALID : rs.getString("status");
        String errorCode = rs.getString("error_code");
        if (einvoiceId != null && errorCode != null && status.startsWith("failed")) {
            // What the e-invoice's own status shows, so a failed item needs no second request.
            errors = List.of(new ErrorDetail("invoice", errorCode, rs.getString("error_message"), rs.getString("upstream_code")));
        }
        String storedWarnings = rs.getString("warnings");
        List<ErrorDetail> warnings = storedWarnings == null ? List.of()
                : json.readValue(storedWarnings, new TypeReference<List<ErrorDetail>>() { });
        return new BatchView.BatchItem(index, rs.getString("idempotency_key"), einvoiceId, status, rs.getString("irn"),
                rs.getString("ack_number"), EInvoices.instant(rs, "ack_date"), errors, warnings);
    }

    static ApiException invalidParameter(String name, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "request.parameter_invalid", message,
                List.of(ErrorDetail.of(name, "request.parameter_invalid", message)), null, null);
    }
}
