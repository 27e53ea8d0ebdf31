package dev.openirn.server.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.IssuedClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Idempotency-Key over real HTTP, PostgreSQL and the sandbox IRP. */
class IdempotencyTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiClients clients;

    @Test
    void sameKeyAndBodyReplaysTheStoredResponseByteIdenticalWithBothReplayHeaders() {
        String body = ApiClient.quickstartWithNumber("IDEM-REPLAY-1");
        long registrationsBefore = sandbox.stats().registrations();

        ApiClient.Reply first = api.post("/v1/einvoices", body, "idem-replay-1");
        ApiClient.Reply second = api.post("/v1/einvoices", body, "idem-replay-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.header(IdempotencyFilter.REPLAY_HEADER)).isNull();
        assertThat(first.header(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(second.header(IdempotencyFilter.REPLAY_HEADER)).isEqualTo("true");
        assertThat(second.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(second.header("X-Request-Id")).isNotBlank().isNotEqualTo(first.header("X-Request-Id"));
        assertThat(sandbox.stats().registrations() - registrationsBefore).isEqualTo(1);
    }

    /**
     * A generate's stored {@code 201} leaves out the signed invoice and QR code (most of its bytes) and refers to the
     * e-invoice row for them: the replay is still the first answer byte for byte, also once the e-invoice is
     * cancelled (its view then hides the payloads, the row keeps them), and the row's payloads cannot change.
     */
    @Test
    void aGeneratesStoredAnswerRefersToTheRowForItsSignedPayloadsAndReplaysByteIdentical() {
        String number = ApiClient.uniqueNumber("IDREF");
        String body = ApiClient.quickstartWithNumber(number);
        String key = "idem-ref-" + number;

        ApiClient.Reply first = api.post("/v1/einvoices", body, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String id = first.json().get("id").asString();
        String signedInvoice = first.json().get("signedInvoice").asString();
        String signedQrCode = first.json().get("signedQrCode").asString();
        java.util.Map<String, Object> stored = jdbc.sql("""
                select response_einvoice_id, response_body, response_deflated from idempotency_key
                where idempotency_key = :key""").param("key", key).query().singleRow();
        assertThat(stored.get("response_einvoice_id")).isEqualTo(id);
        // Stored deflated, and what it inflates to holds neither signed payload.
        assertThat(stored.get("response_deflated")).isEqualTo(true);
        byte[] atRest = (byte[]) stored.get("response_body");
        String inflated = new String(StoredAnswerCompression.inflate(atRest), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(inflated).startsWith("{\"id\":\"" + id + "\"").doesNotContain(signedInvoice).doesNotContain(signedQrCode)
                .hasSizeLessThan(first.body().length() - signedInvoice.length() - signedQrCode.length() + 10);
        assertThat(atRest.length).as("deflated bytes at rest").isLessThan(inflated.length() * 2 / 3);

        ApiClient.Reply replay = api.post("/v1/einvoices", body, key);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.header(IdempotencyFilter.REPLAY_HEADER)).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());

        ApiClient.Reply cancelled = api.post("/v1/einvoices/" + id + "/cancel", "{\"reasonCode\": \"1\", \"remarks\": \"Duplicate\"}",
                "idem-ref-cancel-" + number);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(api.get("/v1/einvoices/" + id).json().get("signedInvoice").isNull()).isTrue();
        assertThat(api.post("/v1/einvoices", body, key).body()).isEqualTo(first.body());

        assertThatThrownBy(() -> jdbc.sql("update einvoice set signed_invoice = 'changed' where id = :id").param("id", id).update())
                .hasMessageContaining("never change");
    }

    @Test
    void sameKeyWithDifferentBodyIsRejectedWithKeyReusedMismatch() {
        String body = ApiClient.quickstartWithNumber("IDEM-MISMATCH-1");
        ApiClient.Reply first = api.post("/v1/einvoices", body, "idem-mismatch-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        // The same JSON with other whitespace is other bytes: exact raw-body comparison.
        ApiClient.Reply reformatted = api.post("/v1/einvoices", body.replace("\n", "\r\n"), "idem-mismatch-1");
        ApiClient.Reply otherInvoice = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-MISMATCH-2"),
                "idem-mismatch-1");

        for (ApiClient.Reply reply : List.of(reformatted, otherInvoice)) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(409);
            JsonNode error = reply.json();
            assertThat(error.get("object").asString()).isEqualTo("error");
            assertThat(error.get("code").asString()).isEqualTo("idempotency.key_reused_mismatch");
            assertThat(error.get("httpStatus").asInt()).isEqualTo(409);
            assertThat(error.get("requestId").asString()).isEqualTo(reply.header("X-Request-Id"));
            assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(api.get("/v1/einvoices/" + first.json().get("id").asString()).status()).isEqualTo(200);
        // The stored response is untouched by the rejected attempts.
        assertThat(api.post("/v1/einvoices", body, "idem-mismatch-1").body()).isEqualTo(first.body());
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyExecuteOnceAndRegisterOnce() throws Exception {
        String body = ApiClient.quickstartWithNumber("IDEM-CONC-1");
        String token = api.token();
        long registrationsBefore = sandbox.stats().registrations();
        // Slow the one registration down so that the others arrive while it is still running.
        sandbox.injectFault(Fault.of(FaultMode.LATENCY).withLatency(Duration.ofMillis(1500)).times(1));
        List<ApiClient.Reply> replies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiClient.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.withToken(token).post("/v1/einvoices", body, "idem-concurrent-1");
                }));
            }
            start.countDown();
            for (Future<ApiClient.Reply> future : futures) {
                replies.add(future.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            sandbox.clearFaults();
        }

        List<ApiClient.Reply> executed = replies.stream()
                .filter(r -> r.status() == 201 && r.header(IdempotencyFilter.REPLAY_HEADER) == null).toList();
        List<ApiClient.Reply> replayed = replies.stream()
                .filter(r -> "true".equals(r.header(IdempotencyFilter.REPLAY_HEADER))).toList();
        List<ApiClient.Reply> inProgress = replies.stream().filter(r -> r.status() == 409).toList();
        assertThat(executed).as(replies.stream().map(r -> r.status() + " " + r.headers() + " " + r.body()).toList().toString())
                .hasSize(1);
        assertThat(replayed.size() + inProgress.size())
                .as(replies.stream().filter(r -> !executed.contains(r) && !replayed.contains(r) && !inProgress.contains(r))
                        .map(r -> r.status() + " " + r.headers() + " " + r.body()).toList().toString())
                .isEqualTo(49);
        assertThat(replayed).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(201);
            assertThat(r.body()).isEqualTo(executed.get(0).body());
            assertThat(r.header(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        });
        assertThat(inProgress).isNotEmpty().allSatisfy(r -> {
            assertThat(r.json().get("code").asString()).isEqualTo("idempotency.in_progress");
            assertThat(r.header("Retry-After")).isEqualTo("1");
        });
        assertThat(sandbox.stats().registrations() - registrationsBefore).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from einvoice where invoice_number = 'IDEM-CONC-1'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aKeyUsedByAnotherClientIsAnUnrelatedRequest() {
        String organizationId = clients.find(ApiClient.CLIENT_ID).orElseThrow().organizationId();
        IssuedClient other = clients.create(organizationId, ApiEnvironment.TEST, null, null, null);
        ApiClient otherApi = api.withToken(api.token(other.clientId(), other.clientSecret()));

        ApiClient.Reply mine = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-SCOPE-1"), "idem-scope-1");
        ApiClient.Reply theirs = otherApi.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-SCOPE-2"), "idem-scope-1");

        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
        assertThat(theirs.header(IdempotencyFilter.REPLAY_HEADER)).isNull();
        assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
        assertThat(theirs.json().get("invoiceNumber").asString()).isEqualTo("IDEM-SCOPE-2");
        // Each client replays its own response under the shared key.
        assertThat(otherApi.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-SCOPE-2"), "idem-scope-1").body())
                .isEqualTo(theirs.body());
        assertThat(api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-SCOPE-1"), "idem-scope-1").body())
                .isEqualTo(mine.body());
    }

    @Test
    void malformedKeyIsRejectedWith400NamingTheHeaderAndStoresNothing() throws IOException {
        String body = ApiClient.quickstartWithNumber("IDEM-MALFORMED-1");
        long registrationsBefore = sandbox.stats().registrations();
        List<String> malformed = List.of("k".repeat(256), "caf\u00e9-key", "tab\tkey", " ");

        for (String key : malformed) {
            RawReply reply = rawPost(body, key);
            assertThat(reply.status()).as(key + " → " + reply.body()).isEqualTo(400);
            assertThat(reply.body()).as(key).startsWith("{");
            JsonNode error = JSON.readTree(reply.body());
            assertThat(error.get("object").asString()).isEqualTo("error");
            assertThat(error.get("code").asString()).isEqualTo("idempotency.key_invalid");
            assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(keysOf(ApiClient.CLIENT_ID, "k".repeat(256))).isZero();
        assertThat(jdbc.sql("select count(*) from einvoice where invoice_number = 'IDEM-MALFORMED-1'")
                .query(Long.class).single()).isZero();
        assertThat(sandbox.stats().registrations()).isEqualTo(registrationsBefore);

        ApiClient.Reply longest = api.post("/v1/einvoices", body, "k".repeat(255));
        assertThat(longest.status()).as(longest.body()).isEqualTo(201);
        assertThat(keysOf(ApiClient.CLIENT_ID, "k".repeat(255))).isEqualTo(1);
    }

    @Test
    void unauthenticatedRequestStoresNothing() {
        ApiClient.Reply reply = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "idem-unauthenticated-1")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.quickstartWithNumber("IDEM-UNAUTH-1"))));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from idempotency_key where idempotency_key = 'idem-unauthenticated-1'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void getIgnoresTheKey() {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-GET-1"), "idem-get-1");
        String id = created.json().get("id").asString();

        ApiClient.Reply fetched = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/einvoices/" + id))
                .header("Authorization", "Bearer " + api.token()).header("Idempotency-Key", "k".repeat(300)).GET());

        assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
        assertThat(fetched.header(IdempotencyFilter.REPLAY_HEADER)).isNull();
    }

    @Test
    void afterTheWindowTheKeyIsForgottenAndStartsANewRequest() {
        ApiClient.Reply first = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-EXPIRE-1"), "idem-expire-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        // 24 hours pass for this key (the rule itself is tested with explicit instants in IdempotencyKeysTest).
        jdbc.sql("update idempotency_key set expires_at = now() - interval '1 second' where client_id = :c and idempotency_key = :k")
                .param("c", ApiClient.CLIENT_ID).param("k", "idem-expire-1").update();

        ApiClient.Reply next = api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-EXPIRE-2"), "idem-expire-1");

        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.header(IdempotencyFilter.REPLAY_HEADER)).isNull();
        assertThat(next.json().get("invoiceNumber").asString()).isEqualTo("IDEM-EXPIRE-2");
        assertThat(api.post("/v1/einvoices", ApiClient.quickstartWithNumber("IDEM-EXPIRE-2"), "idem-expire-1").body())
                .isEqualTo(next.body());
    }

    private record RawReply(int status, String body) {
    }

    /** Sends the key's characters as single ISO-8859-1 bytes, which java.net.http would refuse or rewrite. */
    private RawReply rawPost(String body, String key) throws IOException {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/einvoices HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + api.token()
                + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key + "\r\nContent-Length: " + payload.length
                + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String content = response.substring(response.indexOf("\r\n\r\n") + 4);
            return new RawReply(status, content);
        }
    }

    private long keysOf(String clientId, String key) {
        return jdbc.sql("select count(*) from idempotency_key where client_id = :c and idempotency_key = :k")
                .param("c", clientId).param("k", key).query(Long.class).single();
    }
}
