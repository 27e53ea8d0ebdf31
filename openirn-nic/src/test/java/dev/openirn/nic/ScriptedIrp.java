package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.openirn.nic.crypto.NicCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test scaffolding only: a loopback HTTP peer that plays scripted NIC answers with real RSA/AES, so the client
 * is exercised byte for byte. Not an IRP simulator (that is openirn-sandbox): it validates nothing but the
 * login and the token.
 */
final class ScriptedIrp implements AutoCloseable {

    /** What a scripted call saw: method, path with query, headers and the decrypted body (null for GET). */
    record Seen(String method, String pathAndQuery, Map<String, List<String>> headers, String plainBody) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A scripted answer. */
    sealed interface Reply {
    }

    /** {@code Status 1} with {@code Data} = AES(SEK, json). */
    record Ok(String json, String infoDtlsJson) implements Reply {
    }

    /** Exactly this HTTP status and body. */
    record Raw(int status, String body) implements Reply {
    }

    /** Closes the connection without answering. */
    record Hangup() implements Reply {
    }

    /** Answers only after this long (longer than the client's timeout). */
    record Stall(Duration delay) implements Reply {
    }

    static Reply ok(String json) {
        return new Ok(json, null);
    }

    static Reply rejected(String errorDetailsJson, String infoDtlsJson) {
        return new Raw(200, "{\"Status\":0,\"ErrorDetails\":" + errorDetailsJson
                + (infoDtlsJson == null ? "" : ",\"InfoDtls\":" + infoDtlsJson) + "}");
    }

    final String password;
    final KeyPair encryptionKeys;
    final AtomicInteger logins = new AtomicInteger();
    final List<JsonNode> loginPayloads = new CopyOnWriteArrayList<>();
    final List<Seen> calls = new CopyOnWriteArrayList<>();
    volatile Duration loginDelay = Duration.ZERO;
    /** When set, logins get exactly this answer (counted, but no session is issued). */
    volatile Raw loginAnswer;
    volatile Instant tokenExpiry = Instant.parse("2030-01-01T00:00:00Z");
    volatile Function<Seen, Reply> script = seen -> ok("{}");
    private volatile String currentToken;
    private volatile byte[] currentSek;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(24);

    ScriptedIrp(String password) throws IOException {
        this.password = password;
        this.encryptionKeys = rsaKeyPair();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Makes the current token stale on the IRP side, as when NIC expires it early. */
    void invalidateToken() {
        currentToken = "revoked";
    }

    byte[] sek() {
        return currentSek;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = readBody(exchange.getRequestBody());
            if (exchange.getRequestURI().getPath().equals(NicLogin.AUTH_PATH)) {
                answerLogin(exchange, body);
                return;
            }
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            byte[] sek = currentSek;
            String plain = body.isEmpty() ? null
                    : NicCrypto.decryptJson(sek, NicJson.parse(body).path("Data").stringValue());
            Seen seen = new Seen(exchange.getRequestMethod(), pathAndQuery, exchange.getRequestHeaders(), plain);
            calls.add(seen);
            if (currentToken == null || !currentToken.equals(seen.header("AuthToken"))) {
                send(exchange, 200, "{\"Status\":0,\"ErrorDetails\":[{\"ErrorCode\":\"1005\",\"ErrorMessage\":\"Invalid Token\"}]}");
                return;
            }
            Reply reply = script.apply(seen);
            if (reply instanceof Ok ok) {
                send(exchange, 200, "{\"Status\":1,\"Data\":\"" + NicCrypto.encryptJson(sek, ok.json())
                        + "\",\"ErrorDetails\":null,\"InfoDtls\":" + (ok.infoDtlsJson() == null ? "null" : ok.infoDtlsJson()) + "}");
            } else if (reply instanceof Raw raw) {
                send(exchange, raw.status(), raw.body());
            } else if (reply instanceof Stall stall) {
                sleep(stall.delay());
                send(exchange, 200, "{\"Status\":1,\"Data\":\"" + NicCrypto.encryptJson(sek, "{}") + "\"}");
            }
            // Hangup: closing the exchange without response headers drops the connection.
        } catch (IOException | RuntimeException e) {
            // The client went away (timeout tests); nothing to answer.
        }
    }

    private void answerLogin(HttpExchange exchange, String body) throws IOException {
        logins.incrementAndGet();
        sleep(loginDelay);
        Raw override = loginAnswer;
        if (override != null) {
            send(exchange, override.status(), override.body());
            return;
        }
        String encoded = new String(NicCrypto.rsaDecrypt(encryptionKeys.getPrivate(),
                NicJson.parse(body).path("Data").stringValue()), StandardCharsets.US_ASCII);
        JsonNode credentials = NicJson.parse(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        loginPayloads.add(credentials);
        if (!password.equals(credentials.path("Password").stringValue())) {
            send(exchange, 200, "{\"Status\":0,\"ErrorDetails\":[{\"ErrorCode\":\"1019\",\"ErrorMessage\":\"Incorrect Password\"}]}");
            return;
        }
        byte[] appKey = Base64.getDecoder().decode(credentials.path("AppKey").stringValue());
        byte[] sek = NicCrypto.newKey();
        String token = "token" + logins.get();
        currentSek = sek;
        currentToken = token;
        ObjectNode data = NicJson.tree().createObjectNode()
                .put("ClientId", exchange.getRequestHeaders().getFirst("client_id"))
                .put("UserName", credentials.path("UserName").stringValue())
                .put("AuthToken", token)
                .put("Sek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(appKey, sek)))
                .put("TokenExpiry", NicTimestamps.format(tokenExpiry));
        send(exchange, 200, "{\"Status\":1,\"Data\":" + NicJson.write(data) + ",\"ErrorDetails\":null,\"InfoDtls\":null}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
