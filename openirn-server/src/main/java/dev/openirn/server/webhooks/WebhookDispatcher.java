package dev.openirn.server.webhooks;

import dev.openirn.server.retry.LeasedRow;
import dev.openirn.server.support.DedicatedSchedule;
import dev.openirn.server.support.NodeIdentity;
import dev.openirn.server.tenancy.ApiEnvironment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends webhook deliveries, on every node. Each poll leases as many due deliveries as this node has
 * free senders ({@code FOR UPDATE SKIP LOCKED}, a token per claim, at most
 * {@code per-endpoint-concurrency} in flight per endpoint), and does not wait for them: a slow
 * receiver holds its own sender threads, never the poll, so other endpoints keep flowing. A node
 * that dies mid-send loses its leases when they end and another node sends again (at least once;
 * receivers dedupe on the event id).
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    static final String EVENT_ID_HEADER = "OneFinOps-Event-Id";
    static final String DELIVERY_ID_HEADER = "OneFinOps-Delivery-Id";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveries deliveries;
    private final WebhookEndpoints endpoints;
    private final ReceiverAddresses addresses;
    private final WebhookProperties properties;
    private final NodeIdentity node;
    private final Clock clock;
    private final HttpClient http;
    private final DedicatedSchedule schedule;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter delivered;
    private final Counter deadLettered;
    private final Counter failedAttempts;
    private volatile ExecutorService senders;

    WebhookDispatcher(WebhookDeliveries deliveries, WebhookEndpoints endpoints, ReceiverAddresses addresses,
            WebhookProperties properties, NodeIdentity node, Clock clock, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.endpoints = endpoints;
        this.addresses = addresses;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
        // Redirects are not followed: a receiver could otherwise steer the server to an address the checks refused.
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.timeout())
                .build();
        this.schedule = new DedicatedSchedule("openirn-webhook-dispatcher", properties.pollInterval(),
                properties.pollInterval(), this::poll);
        this.delivered = Counter.builder("openirn.webhooks.deliveries").tag("outcome", "delivered").register(meters);
        this.deadLettered = Counter.builder("openirn.webhooks.deliveries").tag("outcome", "failed").register(meters);
        this.failedAttempts = Counter.builder("openirn.webhooks.attempts.failed").register(meters);
    }

    @Override
    public synchronized void start() {
        senders = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "openirn-webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        schedule.start();
    }

    @Override
    public synchronized void stop() {
        schedule.stop();
        ExecutorService running = senders;
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }

    /** Claims what this node has room for and hands each delivery to a sender; never waits for a send. */
    void poll() {
        int free = properties.threads() - inFlight.get();
        if (free <= 0) {
            return;
        }
        Instant now = clock.instant();
        List<LeasedRow> claimed = deliveries.claimDue(node.id(), now, now.plus(properties.lease()), free,
                properties.perEndpointConcurrency());
        for (LeasedRow row : claimed) {
            inFlight.incrementAndGet();
            try {
                senders.execute(() -> {
                    try {
                        send(row);
                    } catch (RuntimeException e) {
                        log.warn("Webhook delivery {} failed unexpectedly; it is sent again when its lease ends", row.id(), e);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RuntimeException rejected) {
                inFlight.decrementAndGet();
                deliveries.release(row.id(), row.token());
            }
        }
    }

    /** One attempt: sign, post, record what the receiver said. */
    void send(LeasedRow row) {
        Instant started = clock.instant();
        Optional<WebhookDeliveries.Outgoing> held = deliveries.held(row.id(), row.token(), started);
        if (held.isEmpty()) {
            return;
        }
        WebhookDeliveries.Outgoing outgoing = held.get();
        WebhookDeliveries.AttemptResult result;
        // Checked again at send time: the name may resolve to another address than when the endpoint was saved.
        ReceiverAddresses.Refusal refusal = addresses.check(outgoing.url(), ApiEnvironment.fromWireName(outgoing.environment()));
        if (refusal != null) {
            result = new WebhookDeliveries.AttemptResult(null, 0, null, refusal.code() + ": " + refusal.message());
        } else {
            result = post(outgoing, endpoints.signingSecrets(outgoing.endpointId(), started));
        }
        Optional<WebhookDeliveries.Recorded> recorded = deliveries.record(row.id(), row.token(), node.id(), result, clock.instant());
        if (recorded.isEmpty()) {
            return;
        }
        if (!result.succeeded()) {
            failedAttempts.increment();
        }
        switch (recorded.get().status()) {
            case WebhookDeliveries.DELIVERED -> delivered.increment();
            case WebhookDeliveries.FAILED -> {
                deadLettered.increment();
                log.warn("Webhook delivery {} of event {} to {} failed for good after {} attempts (last: {})", row.id(),
                        outgoing.eventId(), outgoing.endpointId(), outgoing.attempts() + 1, result.summary());
            }
            default -> {
            }
        }
        if (recorded.get().endpointDisabled()) {
            log.warn("Webhook endpoint {} disabled after {} consecutive failed attempts", outgoing.endpointId(),
                    properties.disableAfterFailures());
        }
    }

    private WebhookDeliveries.AttemptResult post(WebhookDeliveries.Outgoing outgoing, List<String> secrets) {
        byte[] body = outgoing.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(outgoing.url()))
                    .timeout(properties.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "OpenIRN-Webhooks/1")
                    .header(WebhookSignature.HEADER, WebhookSignature.header(timestamp, body, secrets))
                    .header(EVENT_ID_HEADER, outgoing.eventId())
                    .header(DELIVERY_ID_HEADER, outgoing.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            return new WebhookDeliveries.AttemptResult(null, 0, null, "invalid url: " + e.getMessage());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream in = response.body()) {
                excerpt = new String(in.readNBytes(properties.responseExcerptBytes()), StandardCharsets.UTF_8);
            }
            long latency = (System.nanoTime() - start) / 1_000_000;
            return new WebhookDeliveries.AttemptResult(response.statusCode(), latency, excerpt.replace("\u0000", ""), null);
        } catch (HttpTimeoutException e) {
            return new WebhookDeliveries.AttemptResult(null, (System.nanoTime() - start) / 1_000_000, null,
                    "timeout: no answer within " + properties.timeout());
        } catch (IOException e) {
            return new WebhookDeliveries.AttemptResult(null, (System.nanoTime() - start) / 1_000_000, null,
                    "connection failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookDeliveries.AttemptResult(null, (System.nanoTime() - start) / 1_000_000, null, "interrupted");
        }
    }
}
