package dev.openirn.server.retry;

import static dev.openirn.server.retry.ServerProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.webhooks.Receiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A server process is SIGKILLed while webhook deliveries are pending (the receiver is failing, some
 * are in flight). A new process on the same data directory must deliver every event once the
 * receiver is back: the outbox rows and their deliveries were committed with the invoices.
 */
class WebhookCrashRecoveryTest {

    private static final int INVOICES = 5;
    private static final List<String> SETTINGS = List.of(
            "--openirn.webhooks.poll-interval=100ms",
            "--openirn.webhooks.timeout=1s",
            "--openirn.webhooks.retry-schedule=1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
            "--openirn.rate-limit.api=100000");

    @Test
    void deliveriesPendingWhenTheProcessIsKilledAreAllDeliveredAfterARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-webhook-crash-");
        int port = freePort();
        int sandboxPort = freePort();
        List<String> eventIds = new ArrayList<>();
        String endpointId;
        try (Receiver receiver = new Receiver()) {
            receiver.answerAlways("/hook", 503);
            receiver.delay("/hook", Duration.ofMillis(300));
            try {
                try (ServerProcess first = ServerProcess.start(dataDir, port, sandboxPort, "first", SETTINGS)) {
                    ApiClient api = first.awaitHealthy();
                    ApiClient.Reply endpoint = api.post("/v1/webhook-endpoints",
                            "{\"url\": \"" + receiver.url("/hook") + "\"}", null);
                    assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
                    endpointId = endpoint.json().get("id").asString();
                    for (int i = 0; i < INVOICES; i++) {
                        ApiClient.Reply reply = api.post("/v1/einvoices", ApiClient.quickstartWithNumber(
                                ApiClient.uniqueNumber("WHCRASH")), null);
                        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
                    }
                    for (JsonNode event : api.get("/v1/events?type=einvoice.generated").json().get("data")) {
                        eventIds.add(event.get("id").asString());
                    }
                    assertThat(eventIds).hasSize(INVOICES);
                    // Every event has been tried and refused at least once: all are pending, some in flight.
                    for (String eventId : eventIds) {
                        assertThat(receiver.await("/hook", request -> request.eventId().equals(eventId), 1, Duration.ofSeconds(30)))
                                .as(eventId).isNotEmpty();
                    }
                    first.kill();
                }
                int seenBeforeRestart = receiver.received("/hook").size();
                receiver.answerAlways("/hook", 200);
                receiver.delay("/hook", Duration.ZERO);

                try (ServerProcess second = ServerProcess.start(dataDir, port, sandboxPort, "second", SETTINGS)) {
                    ApiClient api = second.awaitHealthy();
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    Set<String> delivered = new HashSet<>();
                    while (delivered.size() < INVOICES && System.nanoTime() < deadline) {
                        delivered.clear();
                        for (JsonNode delivery : api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100").json().get("data")) {
                            if (delivery.get("status").asString().equals("delivered")) {
                                delivered.add(delivery.get("eventId").asString());
                            }
                        }
                        ServerProcess.sleep(200);
                    }
                    assertThat(delivered).as("every event delivered after the restart").containsExactlyInAnyOrderElementsOf(eventIds);
                    List<String> afterRestart = receiver.received("/hook").subList(seenBeforeRestart, receiver.received("/hook").size())
                            .stream().map(Receiver.Received::eventId).toList();
                    assertThat(afterRestart).containsAll(eventIds);
                }
            } finally {
                ServerProcess.stopDatabaseOf(dataDir);
            }
        }
    }
}
