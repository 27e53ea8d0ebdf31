package dev.openirn.server.webhooks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real webhook receiver on loopback (the JDK HTTP server): records every request as it arrived and
 * answers each path from a script of statuses (200 once the script is used up, or a fixed status).
 */
public final class Receiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as received: the raw body and the headers that matter. */
    public record Received(String path, byte[] body, String signature, String eventId, String deliveryId,
            String contentType, Instant at) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> fixedStatus = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightByDelivery = new ConcurrentHashMap<>();
    private volatile boolean overlapSeen;
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxInFlightByPath = new ConcurrentHashMap<>();

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "test-webhook-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String deliveryId = exchange.getRequestHeaders().getFirst("OneFinOps-Delivery-Id");
            AtomicInteger perDelivery = inFlightByDelivery.computeIfAbsent(String.valueOf(deliveryId), id -> new AtomicInteger());
            if (perDelivery.incrementAndGet() > 1) {
                overlapSeen = true;
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            AtomicInteger pathInFlight = inFlightByPath.computeIfAbsent(path, p -> new AtomicInteger());
            maxInFlightByPath.computeIfAbsent(path, p -> new AtomicInteger()).accumulateAndGet(pathInFlight.incrementAndGet(), Math::max);
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(new Received(path, body, exchange.getRequestHeaders().getFirst("OneFinOps-Signature"),
                        exchange.getRequestHeaders().getFirst("OneFinOps-Event-Id"), deliveryId,
                        exchange.getRequestHeaders().getFirst("Content-Type"), Instant.now()));
                Duration delay = delays.getOrDefault(path, Duration.ZERO);
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
                Deque<Integer> script = scripts.get(path);
                Integer scripted = script == null ? null : script.pollFirst();
                int status = scripted != null ? scripted : fixedStatus.getOrDefault(path, 200);
                byte[] answer = ("{\"received\": true, \"status\": " + status + "}").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                pathInFlight.decrementAndGet();
                perDelivery.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next answers on {@code path}, in order; afterwards 200 (or the fixed status). */
    public void script(String path, Integer... statuses) {
        scripts.put(path, new ConcurrentLinkedDeque<>(List.of(statuses)));
    }

    public void answerAlways(String path, int status) {
        fixedStatus.put(path, status);
    }

    /** Answers on {@code path} only after {@code delay} (a slow receiver). */
    public void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    public int maxInFlight(String path) {
        AtomicInteger max = maxInFlightByPath.get(path);
        return max == null ? 0 : max.get();
    }

    public List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    public List<Received> all() {
        return new ArrayList<>(received);
    }

    /** Waits until at least one request on {@code path} matches, and returns the matching ones. */
    public List<Received> await(String path, Predicate<Received> matching, int atLeast, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Received> matches = received(path).stream().filter(matching).toList();
            if (matches.size() >= atLeast || System.nanoTime() > deadline) {
                return matches;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return matches;
            }
        }
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** True if one delivery was ever being received twice at the same moment. */
    public boolean sameDeliveryOverlapped() {
        return overlapSeen;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
