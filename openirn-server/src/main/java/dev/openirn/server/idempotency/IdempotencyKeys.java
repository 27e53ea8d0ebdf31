package dev.openirn.server.idempotency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.openirn.server.secrets.EnvelopeEncryption;
import dev.openirn.server.support.SignedPayloadSplice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The only SQL on {@code idempotency_key}. Every decision takes {@code now} explicitly so that
 * expiry and abandonment are testable without moving a clock.
 *
 * <p>A key is claimed with {@code INSERT … ON CONFLICT DO NOTHING}: of any number of nodes, exactly
 * one inserts the row and runs the request. Every claim carries a fresh owner token, and every later
 * write (complete, release, take-over) is conditional on the token it saw, so a node that lost its
 * claim can never overwrite the row of the node that took it over.
 *
 * <p>A confidential answer (one that shows a secret once) is stored sealed under the master key, bound
 * to its key's scope, and opened only to be replayed.
 */
@Repository
class IdempotencyKeys {

    private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final IdempotencyProperties properties;
    private final TransactionTemplate transactions;
    private final EnvelopeEncryption encryption;

    IdempotencyKeys(JdbcClient jdbc, JsonMapper json, IdempotencyProperties properties, TransactionTemplate transactions,
            EnvelopeEncryption encryption) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.transactions = transactions;
        this.encryption = encryption;
    }

    /**
     * Claims and stored responses commit without waiting for the disk: they are visible to every node
     * at once, and only a crash of the database host itself can lose the last few. The e-invoice rows
     * they describe are committed synchronously, so a key lost that way is answered by the
     * document-level dedupe instead of a replay, never by a second registration.
     */
    private boolean withoutWaitingForDisk(java.util.function.Supplier<Boolean> write) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.sql("set local synchronous_commit to off").update();
            return write.get();
        }));
    }

    /** The row as stored, for deciding what a repeated request gets. */
    record Row(String owner, String state, RequestFingerprint request, Instant lockedAt, Instant expiresAt,
            StoredResponse response) {

        boolean completed() {
            return "completed".equals(state);
        }
    }

    /**
     * What a request with this key gets from the key's row as read, without writing: a replay, a mismatch or
     * "in progress"; null when the key must be claimed anew (its window ended, or its running claim was abandoned).
     */
    Claim answerFrom(Row row, RequestFingerprint request, Instant now) {
        if (!row.expiresAt().isAfter(now)) {
            return null;
        }
        if (!row.request().equals(request)) {
            return new Claim.Mismatch();
        }
        if (row.completed()) {
            return new Claim.Replay(row.response());
        }
        return row.lockedAt().plus(properties.inProgressTimeout()).isAfter(now) ? new Claim.InProgress() : null;
    }

    Claim claim(KeyScope scope, RequestFingerprint request, Instant now) {
        for (int tries = 0; tries < 5; tries++) {
            String owner = newOwner();
            if (insert(scope, request, owner, now)) {
                return new Claim.Owned(owner);
            }
            Optional<Row> existing = find(scope);
            if (existing.isEmpty()) {
                continue; // released or purged between our insert and our read: try to insert again
            }
            Row row = existing.get();
            if (!row.expiresAt().isAfter(now)) {
                // Forgotten after the window: the key starts a brand-new request.
                if (restart(scope, request, row.owner(), owner, now)) {
                    return new Claim.Owned(owner);
                }
                continue;
            }
            if (!row.request().equals(request)) {
                return new Claim.Mismatch();
            }
            if (row.completed()) {
                return new Claim.Replay(row.response());
            }
            if (!row.lockedAt().plus(properties.inProgressTimeout()).isAfter(now)) {
                // The node running it died (or is hopelessly late): take the claim over. Whatever the
                // first run managed to do is then answered by the business-level dedupe.
                if (takeOver(scope, row.owner(), owner, now)) {
                    return new Claim.Owned(owner);
                }
                continue;
            }
            return new Claim.InProgress();
        }
        return new Claim.InProgress();
    }

    private boolean insert(KeyScope scope, RequestFingerprint request, String owner, Instant now) {
        return withoutWaitingForDisk(() -> insertClaim(scope, request, owner, now));
    }

    /**
     * Claims a key in the caller's transaction (which commits synchronously with the write it guards);
     * waits for a concurrent uncommitted claim of the same key and then returns false.
     */
    boolean insertClaim(KeyScope scope, RequestFingerprint request, String owner, Instant now) {
        return newKeyRow(jdbc.sql("""
                insert into idempotency_key (client_id, environment, idempotency_key, organization_id, request_method,
                    request_path, request_hash, state, owner, locked_at, created_at, expires_at)
                values (:clientId, :environment, :key, :organizationId, :method, :path, :hash, 'in_progress', :owner,
                    :now, :now, :expiresAt)
                on conflict (client_id, environment, idempotency_key) do nothing"""), scope, request, owner, now)
                .update() == 1;
    }

    /** Binds what every new key row holds: its scope, the request it answers, its owner and its window. */
    private JdbcClient.StatementSpec newKeyRow(JdbcClient.StatementSpec insert, KeyScope scope, RequestFingerprint request,
            String owner, Instant now) {
        return insert
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .param("organizationId", scope.organizationId())
                .param("method", request.method())
                .param("path", request.path())
                .param("hash", request.bodySha256())
                .param("owner", owner)
                .param("now", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(now.plus(properties.ttl())));
    }

    private boolean restart(KeyScope scope, RequestFingerprint request, String seenOwner, String owner, Instant now) {
        return jdbc.sql("""
                update idempotency_key set organization_id = :organizationId, request_method = :method,
                    request_path = :path, request_hash = :hash, state = 'in_progress', owner = :owner, locked_at = :now,
                    response_status = null, response_headers = null, response_body = null, response_deflated = false,
                    response_wrapped_data_key = null, response_master_key_id = null, response_einvoice_id = null, response_splice_at = null, created_at = :now,
                    completed_at = null, expires_at = :expiresAt
                where client_id = :clientId and environment = :environment and idempotency_key = :key
                  and owner = :seenOwner and expires_at <= :now""")
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .param("organizationId", scope.organizationId())
                .param("method", request.method())
                .param("path", request.path())
                .param("hash", request.bodySha256())
                .param("owner", owner)
                .param("seenOwner", seenOwner)
                .param("now", Timestamp.from(now))
                .param("expiresAt", Timestamp.from(now.plus(properties.ttl())))
                .update() == 1;
    }

    private boolean takeOver(KeyScope scope, String seenOwner, String owner, Instant now) {
        return jdbc.sql("""
                update idempotency_key set owner = :owner, locked_at = :now
                where client_id = :clientId and environment = :environment and idempotency_key = :key
                  and owner = :seenOwner and state = 'in_progress'""")
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .param("owner", owner)
                .param("seenOwner", seenOwner)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Stores the final response; false when this claim was taken over meanwhile (nothing is written then). */
    boolean complete(KeyScope scope, String owner, StoredResponse response, Instant now) {
        return withoutWaitingForDisk(() -> completeWithinTransaction(scope, owner, response, now));
    }

    /** As {@link #complete}, in the caller's transaction: the answer commits with the write it describes. */
    boolean completeWithinTransaction(KeyScope scope, String owner, StoredResponse response, Instant now) {
        return completed(scope, owner, response, null, null, now);
    }

    /**
     * As {@link #completeWithinTransaction} for the {@code 201} of a generate: the answer is stored without the
     * signed payloads of e-invoice {@code einvoiceId}, which a replay copies back from the row, when that gives
     * exactly {@code response}'s body back; else the whole body is stored.
     */
    boolean completeReferringWithinTransaction(KeyScope scope, String owner, StoredResponse response, String einvoiceId,
            byte[] signedQrCode, byte[] signedInvoice, Instant now) {
        SignedPayloadSplice.Gap gap = response.confidential() ? null
                : SignedPayloadSplice.cut(response.body(), signedQrCode, signedInvoice);
        if (gap == null) {
            return completeWithinTransaction(scope, owner, response, now);
        }
        return completed(scope, owner, new StoredResponse(response.status(), response.headers(), gap.json()),
                einvoiceId, gap.at(), now);
    }

    /** The claim's final answer; {@code einvoiceId} and {@code spliceAt} are null unless the body refers to a row. */
    private boolean completed(KeyScope scope, String owner, StoredResponse response, String einvoiceId, Integer spliceAt,
            Instant now) {
        return answer(jdbc.sql("""
                update idempotency_key set state = 'completed', response_status = :status, response_headers = :headers,
                    response_body = :body, response_deflated = :deflated, response_wrapped_data_key = :wrappedDataKey,
                    response_master_key_id = :masterKeyId, response_einvoice_id = :einvoiceId,
                    response_splice_at = :spliceAt, completed_at = :now
                where client_id = :clientId and environment = :environment and idempotency_key = :key
                  and owner = :owner and state = 'in_progress'""")
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .param("owner", owner)
                .param("einvoiceId", einvoiceId)
                .param("spliceAt", spliceAt)
                .param("now", Timestamp.from(now)), scope, response)
                .update() == 1;
    }

    /**
     * Claims a key and stores its final answer in one statement, for a request that wrote nothing it
     * would have to guard (e.g. a validation error). False when another request took the key meanwhile.
     */
    boolean insertCompleted(KeyScope scope, RequestFingerprint request, String owner, StoredResponse response,
            Instant now) {
        return withoutWaitingForDisk(() -> answer(newKeyRow(jdbc.sql("""
                insert into idempotency_key (client_id, environment, idempotency_key, organization_id, request_method,
                    request_path, request_hash, state, owner, locked_at, created_at, expires_at, response_status,
                    response_headers, response_body, response_deflated, response_wrapped_data_key, response_master_key_id,
                    completed_at)
                values (:clientId, :environment, :key, :organizationId, :method, :path, :hash, 'completed', :owner,
                    :now, :now, :expiresAt, :status, :headers, :body, :deflated, :wrappedDataKey, :masterKeyId, :now)
                on conflict (client_id, environment, idempotency_key) do nothing"""), scope, request, owner, now),
                scope, response)
                .update() == 1);
    }

    /** Binds the stored answer: sealed when it is confidential, else deflated when that makes it smaller. */
    private JdbcClient.StatementSpec answer(JdbcClient.StatementSpec statement, KeyScope scope, StoredResponse response) {
        byte[] body = response.body();
        byte[] wrappedDataKey = null;
        String masterKeyId = null;
        boolean deflated = false;
        if (response.confidential()) {
            EnvelopeEncryption.Sealed sealed = encryption.seal(sealedFor(scope), Base64.getEncoder().encodeToString(body));
            body = sealed.ciphertext();
            wrappedDataKey = sealed.wrappedDataKey();
            masterKeyId = sealed.masterKeyId();
        } else if (body != null) {
            byte[] smaller = StoredAnswerCompression.deflate(body);
            deflated = smaller.length < body.length;
            body = deflated ? smaller : body;
        }
        return statement
                .param("status", response.status())
                .param("headers", json.writeValueAsString(response.headers()))
                .param("body", body)
                .param("deflated", deflated)
                .param("wrappedDataKey", wrappedDataKey)
                .param("masterKeyId", masterKeyId);
    }

    /** What a sealed answer is bound to, so that it cannot be moved to another key's row. */
    private static String sealedFor(KeyScope scope) {
        return "idempotency_key:" + scope.clientId() + ":" + scope.environment() + ":" + scope.key();
    }

    /** Forgets an unfinished claim (5xx, crash of the handler), so the client may retry with the same key. */
    boolean release(KeyScope scope, String owner) {
        return jdbc.sql("""
                delete from idempotency_key
                where client_id = :clientId and environment = :environment and idempotency_key = :key
                  and owner = :owner and state = 'in_progress'""")
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .param("owner", owner)
                .update() == 1;
    }

    Optional<Row> find(KeyScope scope) {
        return jdbc.sql("""
                select k.owner, k.state, k.request_method, k.request_path, k.request_hash, k.locked_at, k.expires_at,
                    k.response_status, k.response_headers, k.response_body, k.response_deflated, k.response_wrapped_data_key,
                    k.response_master_key_id, k.response_splice_at, e.signed_qr_code, e.signed_invoice
                from idempotency_key k left join einvoice e on e.id = k.response_einvoice_id
                where k.client_id = :clientId and k.environment = :environment and k.idempotency_key = :key""")
                .param("clientId", scope.clientId())
                .param("environment", scope.environment())
                .param("key", scope.key())
                .query((rs, n) -> row(rs, scope))
                .optional();
    }

    /**
     * Deletes keys whose window ended, at most {@code batchSize} rows per statement and
     * {@code maxBatches} statements per call; returns how many rows went. Safe on many nodes at once.
     */
    int purgeExpired(Instant now, int batchSize, int maxBatches) {
        int total = 0;
        for (int batch = 0; batch < maxBatches; batch++) {
            int deleted = jdbc.sql("""
                    delete from idempotency_key where (client_id, environment, idempotency_key) in (
                        select client_id, environment, idempotency_key from idempotency_key
                        where expires_at <= :now
                        limit :limit
                        for update skip locked)""")
                    .param("now", Timestamp.from(now))
                    .param("limit", batchSize)
                    .update();
            total += deleted;
            if (deleted < batchSize) {
                break;
            }
        }
        return total;
    }

    private Row row(ResultSet rs, KeyScope scope) throws SQLException {
        int status = rs.getInt("response_status");
        StoredResponse response = rs.wasNull() ? null : new StoredResponse(status,
                headers(rs.getString("response_headers")), body(rs, scope));
        return new Row(rs.getString("owner"), rs.getString("state"),
                new RequestFingerprint(rs.getString("request_method"), rs.getString("request_path"),
                        rs.getString("request_hash")),
                rs.getTimestamp("locked_at").toInstant(), rs.getTimestamp("expires_at").toInstant(), response);
    }

    private byte[] body(ResultSet rs, KeyScope scope) throws SQLException {
        byte[] body = rs.getBytes("response_body");
        if (rs.getBoolean("response_deflated")) {
            body = StoredAnswerCompression.inflate(body);
        }
        int spliceAt = rs.getInt("response_splice_at");
        if (!rs.wasNull()) {
            byte[] whole = SignedPayloadSplice.fill(new SignedPayloadSplice.Gap(body, spliceAt),
                    rs.getBytes("signed_qr_code"), rs.getBytes("signed_invoice"));
            if (whole == null) {
                throw new IllegalStateException("The stored answer's e-invoice no longer holds its signed payloads");
            }
            return whole;
        }
        String masterKeyId = rs.getString("response_master_key_id");
        if (masterKeyId == null) {
            return body;
        }
        return Base64.getDecoder().decode(encryption.open(sealedFor(scope),
                new EnvelopeEncryption.Sealed(body, rs.getBytes("response_wrapped_data_key"), masterKeyId)));
    }

    private Map<String, List<String>> headers(String text) {
        return text == null ? Map.of() : json.readValue(text, HEADERS);
    }

    private static String newOwner() {
        return UUID.randomUUID().toString();
    }
}
