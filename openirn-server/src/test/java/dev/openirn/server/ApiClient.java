package dev.openirn.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for tests: talks to the running server over loopback exactly as curl would. */
public final class ApiClient {

    public static final String CLIENT_ID = "ofin_test_quickstart";
    public static final String CLIENT_SECRET = "quickstart-secret-for-tests";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private String token;

    public ApiClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public Reply tokenRequest(Map<String, String> form) {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/onefinops/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)));
    }

    public String token() {
        if (token == null) {
            token = token(CLIENT_ID, CLIENT_SECRET);
        }
        return token;
    }

    public String token(String clientId, String clientSecret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        form.put("scope", "gstn-india");
        Reply reply = tokenRequest(form);
        if (reply.status() != 200) {
            throw new IllegalStateException("token request failed: " + reply);
        }
        return reply.json().get("access_token").asString();
    }

    public ApiClient withToken(String token) {
        ApiClient other = new ApiClient(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)));
        other.token = token;
        return other;
    }

    public Reply post(String path, String body, String idempotencyKey) {
        return post(path, body, idempotencyKey, "application/json");
    }

    public Reply post(String path, String body, String idempotencyKey, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token()).GET());
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            return new Reply(response.statusCode(), headers, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the status endpoint until the invoice leaves the states the worker owns (bounded by {@code timeout}). */
    public JsonNode awaitFinalStatus(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status;
        do {
            status = get("/v1/einvoices/" + id + "/status").json();
            if (!java.util.List.of("pending", "queued", "failed_retriable").contains(status.get("status").asString())) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return status;
            }
        } while (System.nanoTime() < deadline);
        return status;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String resource(String name) {
        try (var in = ApiClient.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The quickstart body with another invoice number, so tests sharing one database stay independent. */
    /** A document number no other test run uses: {@code prefix} and six random base-36 characters. */
    public static String uniqueNumber(String prefix) {
        return prefix + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36)
                .toUpperCase();
    }

    public static String quickstartWithNumber(String invoiceNumber) {
        return resource("quickstart-invoice.json").replace("INV-2026-00001", invoiceNumber);
    }
}
