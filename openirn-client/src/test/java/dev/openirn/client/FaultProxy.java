package dev.openirn.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of the real server that records every request the client sends and can replace
 * answers: the test's window onto what went over the wire, and its way to inject faults a healthy server never shows.
 */
final class FaultProxy implements AutoCloseable {

    /** One request as the client sent it. */
    record Seen(String method, String path, String authorization, String idempotencyKey, String body) {
    }

    /** What to do to the next request matching method and path. */
    record Fault(String method, String path, boolean forwardFirst, int status, String retryAfter) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "keep-alive", "expect");

    private final HttpServer server;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

    FaultProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next matching request is forwarded (if {@code forwardFirst}) and answered with {@code status} instead. */
    void inject(Fault fault) {
        faults.add(fault);
    }

    List<Seen> seen(String method, String path) {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(method, path, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"), new String(body, StandardCharsets.UTF_8)));
            Fault fault = takeFault(method, path);
            if (fault != null && !fault.forwardFirst()) {
                answer(exchange, fault);
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> forward.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = upstream.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (fault != null) {
                // The server did the work; the client never learns its answer.
                answer(exchange, fault);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private synchronized Fault takeFault(String method, String path) {
        for (Fault fault : faults) {
            if (fault.method().equals(method) && fault.path().equals(path)) {
                faults.remove(fault);
                return fault;
            }
        }
        return null;
    }

    private static void answer(HttpExchange exchange, Fault fault) throws IOException {
        byte[] body = ("<html>injected " + fault.status() + "</html>").getBytes(StandardCharsets.UTF_8);
        if (fault.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", fault.retryAfter());
        }
        exchange.getResponseHeaders().add("Content-Type", "text/html");
        exchange.sendResponseHeaders(fault.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
