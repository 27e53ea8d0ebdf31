package dev.openirn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The OAuth2 client-credentials token, fetched on first use and again shortly before it expires
 * (by {@code refreshAhead}, at most a third of its lifetime), so no call goes out with a token
 * that is about to lapse.
 */
final class AccessTokens {

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final Clock clock;
    private final Duration refreshAhead;
    private final Duration requestTimeout;
    private String token;
    private Instant refreshAt = Instant.MIN;
    private int fetched;

    AccessTokens(HttpClient http, ObjectMapper json, URI tokenUri, String clientId, String clientSecret, String scope,
            Clock clock, Duration refreshAhead, Duration requestTimeout) {
        this.http = http;
        this.json = json;
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.clock = clock;
        this.refreshAhead = refreshAhead;
        this.requestTimeout = requestTimeout;
    }

    synchronized String current() throws IOException, InterruptedException {
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            fetch();
        }
        return token;
    }

    /** Forgets a token the server refused, so the next call fetches another. */
    synchronized void invalidate(String refused) {
        if (refused != null && refused.equals(token)) {
            token = null;
        }
    }

    synchronized int fetchedCount() {
        return fetched;
    }

    private void fetch() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                + "&scope=" + encode(scope);
        HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant sent = clock.instant();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
            String code = body.path("error").asText(response.statusCode() >= 500 ? "token.unavailable" : "invalid_client");
            String message = body.path("error_description").asText("the token endpoint answered HTTP " + response.statusCode());
            ErrorEnvelope envelope = new ErrorEnvelope();
            envelope.code = code;
            envelope.message = message;
            envelope.httpStatus = response.statusCode() == 400 ? 401 : response.statusCode();
            envelope.details = List.of();
            throw OpenIrnException.of(envelope, body);
        }
        Duration lifetime = Duration.ofSeconds(body.path("expires_in").asLong(300));
        Duration ahead = refreshAhead.compareTo(lifetime.dividedBy(3)) > 0 ? lifetime.dividedBy(3) : refreshAhead;
        token = body.get("access_token").asText();
        refreshAt = sent.plus(lifetime).minus(ahead);
        fetched++;
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
