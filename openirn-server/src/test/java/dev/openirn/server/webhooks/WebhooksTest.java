package dev.openirn.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.validation.ValidationProfile;
import dev.openirn.sandbox.Fault;
import dev.openirn.sandbox.FaultMode;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.FastRetriesServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.einvoice.registration.InvoiceIntake;
import dev.openirn.server.irp.Irp;
import dev.openirn.server.irp.IrpAnswer;
import dev.openirn.server.irp.IrpCredentials;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end over loopback: a real server (embedded PostgreSQL, the sandbox IRP) posts to a
 * real HTTP receiver; signatures are checked by an independent implementation of the documented scheme.
 */
class WebhooksTest extends FastRetriesServerTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    RunningIrpSandbox sandbox;
    @Autowired
    ApiClients clients;
    @Autowired
    InvoiceIntake intake;
    @Autowired
    Irp irp;
    @Autowired
    IrpCredentials credentials;
    @Autowired
    WebhookEndpoints endpointStore;
    @Autowired
    com.zaxxer.hikari.HikariDataSource dataSource;
    @Autowired
    dev.openirn.server.OpenIrnProperties properties;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    WebhookDispatcher dispatcher;
    @Autowired
    dev.openirn.server.support.NodeIdentity node;

    Receiver receiver;

    @DynamicPropertySource
    static void fastWebhooks(DynamicPropertyRegistry registry) {
        registry.add("openirn.webhooks.retry-schedule", () -> "300ms,300ms,300ms");
        registry.add("openirn.webhooks.poll-interval", () -> "50ms");
        registry.add("openirn.webhooks.timeout", () -> "2s");
        registry.add("openirn.webhooks.disable-after-failures", () -> "4");
        registry.add("openirn.webhooks.rotation-overlap", () -> "2s");
    }

    @BeforeEach
    void startReceiver() {
        receiver = new Receiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
        sandbox.clearFaults();
    }

    // ---- helpers ----

    static String endpointBody(String url, String... events) {
        String list = events.length == 0 ? "" : ", \"events\": [" + java.util.Arrays.stream(events)
                .map(type -> "\"" + type + "\"").collect(Collectors.joining(", ")) + "]";
        return "{\"url\": \"" + url + "\", \"description\": \"test receiver\"" + list + "}";
    }

    JsonNode createEndpoint(ApiClient client, String path, String... events) {
        ApiClient.Reply reply = client.post("/v1/webhook-endpoints", endpointBody(receiver.url(path), events), null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    /**
     * A create or rotate sent with an Idempotency-Key replays the secret it showed, to a client that lost
     * the answer; the stored answer holds the secret only sealed under the master key.
     */
    @Test
    void aSecretShownOnceIsReplayedUnderItsKeyButNeverStoredInClear() {
        String key = "whk-secret-" + ApiClient.uniqueNumber("K");
        String body = endpointBody(receiver.url("/sealed"));
        ApiClient.Reply created = api.post("/v1/webhook-endpoints", body, key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String secret = created.json().get("signingSecret").asString();
        String endpointId = created.json().get("id").asString();

        ApiClient.Reply replayed = api.post("/v1/webhook-endpoints", body, key);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.header("Idempotent-Replay")).isEqualTo("true");
        assertThat(replayed.header("Cache-Control")).contains("no-store");
        assertThat(replayed.json().get("signingSecret").asString()).isEqualTo(secret);
        assertThat(replayed.json().get("id").asString()).isEqualTo(endpointId);

        String rotateKey = key + "-rotate";
        ApiClient.Reply rotated = api.post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret", "", rotateKey);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("signingSecret").asString();
        assertThat(api.post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret", "", rotateKey).json()
                .get("signingSecret").asString()).isEqualTo(newSecret);

        for (String[] stored : new String[][] {{key, secret}, {rotateKey, newSecret}}) {
            Map<String, Object> row = jdbc.sql("""
                    select response_body, response_master_key_id from idempotency_key where idempotency_key = :key""")
                    .param("key", stored[0]).query().singleRow();
            assertThat(row.get("response_master_key_id")).isNotNull();
            String atRest = new String((byte[]) row.get("response_body"), StandardCharsets.ISO_8859_1);
            assertThat(atRest).doesNotContain(stored[1]).doesNotContain("signingSecret")
                    .doesNotContain(Base64.getEncoder().encodeToString(stored[1].getBytes(
                            StandardCharsets.UTF_8)));
        }
    }

    static ApiClient.Reply patch(ApiClient client, String path, String body) {
        return client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .header("Authorization", "Bearer " + client.token()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    static ApiClient.Reply delete(ApiClient client, String path) {
        return client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .header("Authorization", "Bearer " + client.token()).DELETE());
    }

    String generated(String prefix) {
        ApiClient.Reply created = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber(prefix)), null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    static Function<Receiver.Received, Boolean> about(String type, String objectId) {
        return request -> request.json().get("type").asString().equals(type)
                && request.json().get("data").get("id").asString().equals(objectId);
    }

    List<Receiver.Received> await(String path, String type, String objectId, int atLeast) {
        return receiver.await(path, request -> about(type, objectId).apply(request), atLeast, WAIT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- tests ----

    @Test
    void everyEInvoiceEventFiresOncePerTransitionWithTheObjectAsGetShowsIt() {
        String path = "/all-events";
        createEndpoint(api, path, "einvoice.generated", "einvoice.failed", "einvoice.cancelled", "einvoice.retrying");

        // generated, then cancelled
        String generated = generated("WH-GEN");
        JsonNode asGetShowsIt = api.get("/v1/einvoices/" + generated).json();
        List<Receiver.Received> generatedEvents = await(path, "einvoice.generated", generated, 1);
        assertThat(generatedEvents).hasSize(1);
        assertThat(generatedEvents.get(0).json().get("data")).isEqualTo(asGetShowsIt);
        JsonNode envelope = generatedEvents.get(0).json();
        assertThat(envelope.propertyNames()).containsExactly("id", "type", "createdAt", "data");
        assertThat(envelope.get("id").asString()).startsWith("evt_");
        assertThat(generatedEvents.get(0).eventId()).isEqualTo(envelope.get("id").asString());
        assertThat(generatedEvents.get(0).contentType()).startsWith("application/json");

        ApiClient.Reply cancel = api.post("/v1/einvoices/" + generated + "/cancel",
                "{\"reasonCode\": \"2\", \"remarks\": \"Wrong buyer\"}", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        List<Receiver.Received> cancelledEvents = await(path, "einvoice.cancelled", generated, 1);
        assertThat(cancelledEvents).hasSize(1);
        assertThat(cancelledEvents.get(0).json().get("data")).isEqualTo(api.get("/v1/einvoices/" + generated).json());

        // failed: the IRP holds other data under this number (failed_terminal, duplicate mismatch)
        String ours = ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("WH-FAIL"));
        String theirs = ours.replace("27FGHIJ5678K1Z2", "27AAPFU0939F1ZV");
        IrpAnswer registered = irp.generate("test", credentials.forSeller(null, "test", "29ABCDE1234F1Z5"),
                intake.read(theirs.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON, ValidationProfile.LENIENT)
                        .nicPayload());
        assertThat(registered).isInstanceOf(IrpAnswer.Registered.class);
        ApiClient.Reply mismatch = api.post("/v1/einvoices", ours, null);
        assertThat(mismatch.status()).as(mismatch.body()).isEqualTo(409);
        String failed = mismatch.json().get("details").get(0).get("message").asString();
        List<Receiver.Received> failedEvents = await(path, "einvoice.failed", failed, 1);
        assertThat(failedEvents).hasSize(1);
        assertThat(failedEvents.get(0).json().get("data").get("status").asString()).isEqualTo("failed_terminal");
        assertThat(failedEvents.get(0).json().get("data")).isEqualTo(api.get("/v1/einvoices/" + failed).json());

        // retrying: the first attempt meets an IRP 5xx (failed_retriable), a later one registers it
        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).times(1));
        ApiClient.Reply queued = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("WH-RETRY")), null);
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String retried = queued.json().get("id").asString();
        assertThat(api.awaitFinalStatus(retried, WAIT).get("status").asString()).isEqualTo("generated");
        List<Receiver.Received> retryingEvents = await(path, "einvoice.retrying", retried, 1);
        assertThat(retryingEvents).hasSize(1);
        assertThat(retryingEvents.get(0).json().get("data").get("status").asString()).isEqualTo("failed_retriable");
        assertThat(await(path, "einvoice.generated", retried, 1)).hasSize(1);

        sleep(1000); // several dispatcher polls: nothing is sent twice
        Map<String, Long> perEvent = receiver.received(path).stream()
                .collect(Collectors.groupingBy(request -> request.json().get("type").asString() + " "
                        + request.json().get("data").get("id").asString(), Collectors.counting()));
        assertThat(perEvent).containsExactlyInAnyOrderEntriesOf(Map.of(
                "einvoice.generated " + generated, 1L,
                "einvoice.cancelled " + generated, 1L,
                "einvoice.failed " + failed, 1L,
                "einvoice.retrying " + retried, 1L,
                "einvoice.generated " + retried, 1L));

        // The events API holds the same bodies, newest first, filterable by object and type.
        JsonNode ofGenerated = api.get("/v1/events?objectId=" + generated).json();
        assertThat(ofGenerated.get("data")).hasSize(2);
        assertThat(ofGenerated.get("data").get(0).get("type").asString()).isEqualTo("einvoice.cancelled");
        assertThat(ofGenerated.get("data").get(1).get("type").asString()).isEqualTo("einvoice.generated");
        assertThat(ofGenerated.get("data").get(1)).isEqualTo(generatedEvents.get(0).json());
        JsonNode byId = api.get("/v1/events/" + envelope.get("id").asString()).json();
        assertThat(byId).isEqualTo(envelope);
        JsonNode retryingOnly = api.get("/v1/events?type=einvoice.retrying&objectId=" + retried).json();
        assertThat(retryingOnly.get("data")).hasSize(1);
    }

    @Test
    void retryingIsNotSentToEndpointsThatDidNotAskForIt() {
        String path = "/defaults";
        JsonNode endpoint = createEndpoint(api, path);
        assertThat(endpoint.get("events").valueStream().map(JsonNode::asString).toList())
                .containsExactly("einvoice.generated", "einvoice.failed", "einvoice.cancelled", "ewaybill.generated",
                        "ewaybill.cancelled", "ewaybill.expired", "ewaybill.rejected", "batch.completed");

        sandbox.injectFault(Fault.of(FaultMode.HTTP_500).times(1));
        ApiClient.Reply queued = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(ApiClient.uniqueNumber("WH-DEF")), null);
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        String id = queued.json().get("id").asString();
        assertThat(api.awaitFinalStatus(id, WAIT).get("status").asString()).isEqualTo("generated");
        assertThat(await(path, "einvoice.generated", id, 1)).hasSize(1);
        sleep(500);
        assertThat(receiver.received(path)).extracting(request -> request.json().get("type").asString())
                .doesNotContain("einvoice.retrying");
    }

    @Test
    void signatureVerifiesIndependentlyAndFailsOnAChangedByteOrAnOldTimestamp() {
        String path = "/signed";
        String secret = createEndpoint(api, path).get("signingSecret").asString();
        assertThat(secret).startsWith("whsec_");

        String id = generated("WH-SIG");
        Receiver.Received request = await(path, "einvoice.generated", id, 1).get(0);
        Instant now = Instant.now();
        assertThat(request.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(SignatureCheck.verify(request.signature(), request.body(), secret, now)).isTrue();

        byte[] tampered = request.body().clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(SignatureCheck.verify(request.signature(), tampered, secret, now)).as("one byte changed").isFalse();
        assertThat(SignatureCheck.verify(request.signature(), request.body(), secret + "x", now)).as("another secret").isFalse();
        assertThat(SignatureCheck.verify(request.signature(), request.body(), secret, now.plus(Duration.ofMinutes(6))))
                .as("replayed 6 minutes later").isFalse();

        // An old t with a signature that is right for it is still refused by the 5-minute rule.
        long oldT = SignatureCheck.timestampOf(request.signature()) - 400;
        String oldHeader = "t=" + oldT + ",v1=" + java.util.HexFormat.of().formatHex(
                SignatureCheck.hmac(secret, oldT + "." + request.bodyText()));
        assertThat(SignatureCheck.verify(oldHeader, request.body(), secret, now)).isFalse();
        // and a moved t breaks the signature
        String movedT = request.signature().replaceFirst("t=\\d+", "t=" + (SignatureCheck.timestampOf(request.signature()) + 1));
        assertThat(SignatureCheck.verify(movedT, request.body(), secret, now)).isFalse();

        // The secret is shown once: never in GET or list, and stored only sealed.
        String endpointId = api.get("/v1/webhook-endpoints").json().get("data").get(0).get("id").asString();
        assertThat(api.get("/v1/webhook-endpoints/" + endpointId).body()).doesNotContain(secret).doesNotContain("signingSecret");
        assertThat(api.get("/v1/webhook-endpoints").body()).doesNotContain(secret);
    }

    @Test
    void receiverFailingTwiceGetsTheSameEventThreeTimesAndTheLogShowsIt() {
        String path = "/flaky";
        String endpointId = createEndpoint(api, path).get("id").asString();
        receiver.script(path, 500, 500);

        String id = generated("WH-FLAKY");
        List<Receiver.Received> requests = await(path, "einvoice.generated", id, 3);
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Receiver.Received::eventId).containsOnly(requests.get(0).json().get("id").asString());
        assertThat(requests).extracting(Receiver.Received::bodyText).containsOnly(requests.get(0).bodyText());

        JsonNode delivery = awaitDelivery(endpointId, "delivered");
        assertThat(delivery.get("eventId").asString()).isEqualTo(requests.get(0).eventId());
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        JsonNode attempts = delivery.get("attempts");
        assertThat(attempts).hasSize(3);
        assertThat(attempts.valueStream().map(attempt -> attempt.get("httpStatus").asInt()).toList()).containsExactly(500, 500, 200);
        for (JsonNode attempt : attempts) {
            assertThat(attempt.get("latencyMs").isNumber()).isTrue();
            assertThat(Instant.parse(attempt.get("at").asString())).isBefore(Instant.now());
            assertThat(attempt.get("responseExcerpt").asString()).startsWith("{\"received\": true");
        }
        // the second attempt came after the (jittered) 300 ms pause
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    JsonNode awaitDelivery(String endpointId, String status) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode first;
        do {
            JsonNode log = api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries").json();
            first = log.get("data").isEmpty() ? null : log.get("data").get(0);
            if (first != null && first.get("status").asString().equals(status)) {
                return first;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + status + " delivery for " + endpointId + ", last: " + first);
    }

    @Test
    void aReceiverThatNeverAcceptsGetsADeadLetterIsDisabledAndCanBeReplayedOnceFixed() {
        String path = "/down";
        String endpointId = createEndpoint(api, path).get("id").asString();
        receiver.answerAlways(path, 503);

        String id = generated("WH-DEAD");
        JsonNode dead = awaitDelivery(endpointId, "failed");
        assertThat(dead.get("attemptCount").asInt()).as("first attempt and three retries").isEqualTo(4);
        assertThat(await(path, "einvoice.generated", id, 4)).hasSize(4);
        JsonNode endpoint = api.get("/v1/webhook-endpoints/" + endpointId).json();
        assertThat(endpoint.get("enabled").asBoolean()).isFalse();
        assertThat(endpoint.get("disabledReason").asString()).contains("4 consecutive failed").contains("HTTP 503");

        // Disabled: new events are not queued for it.
        String later = generated("WH-DEAD2");
        sleep(500);
        assertThat(receiver.received(path)).noneMatch(request -> about("einvoice.generated", later).apply(request));

        // Fixed and enabled again; the dead letter is replayed on request.
        receiver.answerAlways(path, 200);
        ApiClient.Reply enabled = patch(api, "/v1/webhook-endpoints/" + endpointId, "{\"enabled\": true}");
        assertThat(enabled.status()).as(enabled.body()).isEqualTo(200);
        assertThat(enabled.json().get("disabledReason").isNull()).isTrue();
        ApiClient.Reply retry = api.post("/v1/webhook-deliveries/" + dead.get("id").asString() + "/retry", "", null);
        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(await(path, "einvoice.generated", id, 5)).hasSize(5);
        assertThat(awaitDelivery(endpointId, "delivered").get("id").asString()).isEqualTo(dead.get("id").asString());
    }

    @Test
    void rotationSignsWithBothSecretsForTheOverlapThenOnlyTheNewOne() {
        String path = "/rotating";
        JsonNode endpoint = createEndpoint(api, path);
        String endpointId = endpoint.get("id").asString();
        String oldSecret = endpoint.get("signingSecret").asString();

        ApiClient.Reply rotated = api.post("/v1/webhook-endpoints/" + endpointId + "/rotate-secret", "", null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String newSecret = rotated.json().get("signingSecret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.header("Cache-Control")).isEqualTo("no-store");

        ApiClient.Reply test = api.post("/v1/webhook-endpoints/" + endpointId + "/test", "", null);
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        String pingId = test.json().get("eventId").asString();
        Receiver.Received ping = receiver.await(path, request -> request.eventId().equals(pingId), 1, WAIT).get(0);
        assertThat(ping.json().get("type").asString()).isEqualTo("ping");
        assertThat(SignatureCheck.signatureCount(ping.signature())).isEqualTo(2);
        assertThat(SignatureCheck.verify(ping.signature(), ping.body(), oldSecret, Instant.now())).as("old secret, in overlap").isTrue();
        assertThat(SignatureCheck.verify(ping.signature(), ping.body(), newSecret, Instant.now())).as("new secret").isTrue();

        sleep(2500); // openirn.webhooks.rotation-overlap is 2s here
        String laterPingId = api.post("/v1/webhook-endpoints/" + endpointId + "/test", "", null).json().get("eventId").asString();
        Receiver.Received later = receiver.await(path, request -> request.eventId().equals(laterPingId), 1, WAIT).get(0);
        assertThat(SignatureCheck.signatureCount(later.signature())).isEqualTo(1);
        assertThat(SignatureCheck.verify(later.signature(), later.body(), oldSecret, Instant.now())).as("old secret, expired").isFalse();
        assertThat(SignatureCheck.verify(later.signature(), later.body(), newSecret, Instant.now())).isTrue();
    }

    @Test
    void liveEndpointsMustBeHttpsAndResolveToPublicAddresses() {
        Tenants.Tenant live = new Tenants(clients, port).client("webhooks-live", ApiEnvironment.LIVE);
        Map<String, String> refused = Map.of(
                "http://example.com/hook", "webhook.url_not_https",
                "https://127.0.0.1:" + receiver.port() + "/hook", "webhook.url_not_public",
                "https://localhost/hook", "webhook.url_not_public",
                "https://10.1.2.3/hook", "webhook.url_not_public",
                "https://192.168.1.10/hook", "webhook.url_not_public",
                "https://169.254.169.254/latest/meta-data", "webhook.url_not_public",
                "https://[::1]/hook", "webhook.url_not_public",
                "https://[fd00:ec2::254]/hook", "webhook.url_not_public");
        refused.forEach((url, code) -> {
            ApiClient.Reply reply = live.api().post("/v1/webhook-endpoints", "{\"url\": \"" + url + "\"}", null);
            assertThat(reply.status()).as(url + " " + reply.body()).isEqualTo(422);
            assertThat(reply.json().get("object").asString()).isEqualTo("error");
            assertThat(reply.json().get("details").get(0).get("field").asString()).isEqualTo("url");
            assertThat(reply.json().get("details").get(0).get("code").asString()).as(url).isEqualTo(code);
        });

        // An endpoint that passed when it was saved is checked again before every send (DNS may change).
        WebhookEndpoints.WithSecret stored = endpointStore.create(live.organizationId(), "live",
                "https://127.0.0.1:" + receiver.port() + "/rebound", null, List.of("einvoice.generated"), true, Instant.now());
        String endpointId = stored.endpoint().id();
        ApiClient.Reply test = live.api().post("/v1/webhook-endpoints/" + endpointId + "/test", "", null);
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode delivery;
        do {
            sleep(100);
            delivery = live.api().get("/v1/webhook-endpoints/" + endpointId + "/deliveries").json().get("data").get(0);
        } while (delivery.get("attempts").isEmpty() && System.nanoTime() < deadline);
        assertThat(delivery.get("attempts").get(0).get("error").asString()).startsWith("webhook.url_not_public");
        assertThat(delivery.get("attempts").get(0).get("httpStatus").isNull()).isTrue();
        assertThat(receiver.received("/rebound")).as("nothing was sent to the private address").isEmpty();

        // The test environment may use http and loopback, for a receiver on a developer's machine.
        assertThat(api.post("/v1/webhook-endpoints", endpointBody(receiver.url("/local")), null).status()).isEqualTo(201);
    }

    @Test
    void badRequestsGetTheErrorEnvelopeAndOtherTenantsSeeNothing() {
        ApiClient.Reply invalid = api.post("/v1/webhook-endpoints",
                "{\"url\": \"ftp://x\", \"events\": [\"einvoice.generated\", \"nope\", 3], \"enabled\": \"yes\", \"description\": 5}", null);
        assertThat(invalid.status()).as(invalid.body()).isEqualTo(422);
        JsonNode error = invalid.json();
        assertThat(error.get("object").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo("validation_error");
        assertThat(error.get("requestId").asString()).isNotBlank();
        assertThat(error.get("details").valueStream().map(detail -> detail.get("field").asString() + ":" + detail.get("code").asString()))
                .containsExactlyInAnyOrder("url:webhook.url_invalid", "events[1]:webhook.unknown_event_type",
                        "events[2]:webhook.unknown_event_type", "enabled:field.invalid_type", "description:field.invalid_type");
        assertThat(api.post("/v1/webhook-endpoints", "{}", null).json().get("details").get(0).get("field").asString()).isEqualTo("url");
        assertThat(api.post("/v1/webhook-endpoints", "[1]", null).status()).isEqualTo(400);
        assertThat(api.post("/v1/webhook-endpoints", "{\"url\": ", null).status()).isEqualTo(400);
        assertThat(api.post("/v1/webhook-endpoints", "{\"url\": \"" + receiver.url("/x") + "\", \"events\": [\"ping\"]}", null)
                .status()).isEqualTo(422);
        assertThat(api.get("/v1/events?limit=0").status()).isEqualTo(422);
        assertThat(api.get("/v1/events?type=nope").status()).isEqualTo(422);
        assertThat(api.get("/v1/events/evt_01ARZ3NDEKTSV4RRFFQ69G5FAV").status()).isEqualTo(404);

        String endpointId = createEndpoint(api, "/mine").get("id").asString();
        ApiClient.Reply patched = patch(api, "/v1/webhook-endpoints/" + endpointId, "{\"description\": \"renamed\", \"events\": [\"einvoice.failed\"]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("description").asString()).isEqualTo("renamed");
        assertThat(patched.json().get("events").get(0).asString()).isEqualTo("einvoice.failed");
        assertThat(patched.json().get("url").asString()).isEqualTo(receiver.url("/mine"));
        assertThat(patch(api, "/v1/webhook-endpoints/" + endpointId, "{\"url\": \"nope\"}").status()).isEqualTo(422);

        Tenants.Tenant other = new Tenants(clients, port).client("webhooks-other", ApiEnvironment.TEST);
        assertThat(other.api().get("/v1/webhook-endpoints/" + endpointId).status()).isEqualTo(404);
        assertThat(patch(other.api(), "/v1/webhook-endpoints/" + endpointId, "{\"enabled\": false}").status()).isEqualTo(404);
        assertThat(delete(other.api(), "/v1/webhook-endpoints/" + endpointId).status()).isEqualTo(404);
        assertThat(other.api().post("/v1/webhook-endpoints/" + endpointId + "/test", "", null).status()).isEqualTo(404);
        assertThat(other.api().get("/v1/webhook-endpoints").json().get("data")).isEmpty();
        String generated = generated("WH-ISO");
        assertThat(other.api().get("/v1/events?objectId=" + generated).json().get("data")).isEmpty();

        ApiClient.Reply deleted = delete(api, "/v1/webhook-endpoints/" + endpointId);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get("/v1/webhook-endpoints/" + endpointId).status()).isEqualTo(404);
    }

    void awaitAttemptByAnotherNode(java.util.Set<String> deliveryIds) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (jdbc.sql("select count(*) from webhook_delivery_attempt where delivery_id in (:ids) and node <> :node")
                .param("ids", List.copyOf(deliveryIds)).param("node", node.id()).query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("the second node sent none of " + deliveryIds.size() + " deliveries").isLessThan(deadline);
            sleep(50);
        }
    }

    String ping(ApiClient client, String endpointId) {
        ApiClient.Reply test = client.post("/v1/webhook-endpoints/" + endpointId + "/test", "", null);
        assertThat(test.status()).as(test.body()).isEqualTo(202);
        return test.json().get("deliveryId").asString();
    }

    @Test
    void aSlowReceiverHoldsOnlyItsOwnShareOfTheSenders() {
        String slow = "/slow";
        String fast = "/fast";
        String slowEndpoint = createEndpoint(api, slow).get("id").asString();
        String fastEndpoint = createEndpoint(api, fast).get("id").asString();
        receiver.delay(slow, Duration.ofMillis(1500));
        for (int i = 0; i < 12; i++) {
            ping(api, slowEndpoint);
        }
        sleep(300); // the slow endpoint's deliveries are now in flight
        Instant sent = Instant.now();
        String fastDelivery = ping(api, fastEndpoint);
        Receiver.Received arrived = receiver.await(fast, request -> request.deliveryId().equals(fastDelivery), 1, WAIT).get(0);
        assertThat(Duration.between(sent, arrived.at())).as("not queued behind the slow receiver").isLessThan(Duration.ofMillis(1200));
        receiver.await(slow, request -> true, 12, WAIT);
        assertThat(receiver.maxInFlight(slow)).as("openirn.webhooks.per-endpoint-concurrency").isBetween(1, 4);
    }

    @Test
    void twoNodesSendEachDeliveryOnceAndNeverAtTheSameTime() {
        int endpointsCount = 4;
        int pingsPerEndpoint = 10;
        try (org.springframework.context.ConfigurableApplicationContext second =
                new org.springframework.boot.builder.SpringApplicationBuilder(dev.openirn.server.OpenIrnApplication.class).run(
                        "--server.port=0",
                        "--openirn.data-dir=" + properties.dataDir(),
                        "--spring.datasource.url=" + dataSource.getJdbcUrl(),
                        "--spring.datasource.username=" + dataSource.getUsername(),
                        "--spring.datasource.password=" + dataSource.getPassword(),
                        "--openirn.webhooks.retry-schedule=300ms,300ms,300ms",
                        "--openirn.webhooks.poll-interval=50ms",
                        "--openirn.webhooks.timeout=2s")) {
            java.util.Set<String> deliveryIds = new java.util.HashSet<>();
            // This node sends nothing until the second has sent one of the first endpoint's deliveries: on a busy
            // machine the second node's first polls are slow, and this one alone could otherwise send all 40 before it
            // joins. The other three endpoints' deliveries are then raced for by both.
            dispatcher.stop();
            try {
                for (int e = 0; e < endpointsCount; e++) {
                    String path = "/nodes-" + e;
                    receiver.delay(path, Duration.ofMillis(150));
                    String endpointId = createEndpoint(api, path).get("id").asString();
                    for (int i = 0; i < pingsPerEndpoint; i++) {
                        deliveryIds.add(ping(api, endpointId));
                    }
                    if (e == 0) {
                        awaitAttemptByAnotherNode(deliveryIds);
                        dispatcher.start();
                    }
                }
            } finally {
                if (!dispatcher.isRunning()) {
                    dispatcher.start();
                }
            }
            int total = endpointsCount * pingsPerEndpoint;
            receiver.await("/nodes-0", request -> true, pingsPerEndpoint, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (receiver.all().stream().filter(r -> deliveryIds.contains(r.deliveryId())).count() < total
                    && System.nanoTime() < deadline) {
                sleep(100);
            }
            sleep(500);
            List<String> received = receiver.all().stream().map(Receiver.Received::deliveryId).filter(deliveryIds::contains).toList();
            assertThat(received).hasSize(total).doesNotHaveDuplicates();
            assertThat(receiver.sameDeliveryOverlapped()).isFalse();
            List<String> nodes = jdbc.sql("""
                    select distinct node from webhook_delivery_attempt where delivery_id in (:ids)""")
                    .param("ids", List.copyOf(deliveryIds)).query(String.class).list();
            assertThat(nodes).as("both nodes took part").hasSize(2);
            assertThat(jdbc.sql("select count(*) from webhook_delivery_attempt where delivery_id in (:ids)")
                    .param("ids", List.copyOf(deliveryIds)).query(Long.class).single()).isEqualTo(total);
        }
    }
}
