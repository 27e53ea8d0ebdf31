package dev.openirn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends one API call with its bearer token and retries it, with the same bytes and the same
 * Idempotency-Key, on what may pass: no answer (connection refused or reset, timeout), 5xx, 429
 * and 409 {@code idempotency.in_progress}. Waits follow {@code Retry-After} when the server sent
 * one, else an exponential backoff with jitter.
 */
final class Transport {

    /** What came back: status, headers and the raw body. */
    static final class Answer {
        final int status;
        final HttpResponse<byte[]> response;

        Answer(HttpResponse<byte[]> response) {
            this.status = response.statusCode();
            this.response = response;
        }

        byte[] body() {
            return response.body();
        }

        boolean replayed() {
            return response.headers().firstValue("Idempotent-Replay").map("true"::equalsIgnoreCase).orElse(false);
        }
    }

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI baseUri;
    private final AccessTokens tokens;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final String userAgent;

    Transport(HttpClient http, ObjectMapper json, URI baseUri, AccessTokens tokens, int maxAttempts, Duration initialBackoff,
            Duration maxBackoff, Duration requestTimeout, String userAgent) {
        this.http = http;
        this.json = json;
        this.baseUri = baseUri;
        this.tokens = tokens;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
    }

    /**
     * @param contentType of {@code body}; null for a call without a body
     * @param idempotencyKey sent on every attempt; null for reads
     */
    Answer send(String method, String path, byte[] body, String contentType, String idempotencyKey, String accept) {
        boolean refusedTokenRetried = false;
        for (int attempt = 1; ; attempt++) {
            String token = null;
            Answer answer;
            try {
                token = tokens.current();
                answer = new Answer(http.send(request(method, path, body, contentType, idempotencyKey, accept, token),
                        HttpResponse.BodyHandlers.ofByteArray()));
            } catch (IOException noAnswer) {
                if (attempt >= maxAttempts) {
                    throw new OpenIrnException.ConnectionException(method + " " + path + ": no answer after " + attempt
                            + " attempts: " + noAnswer, noAnswer);
                }
                pause(backoff(attempt));
                continue;
            } catch (OpenIrnException tokenRefused) {
                if (attempt >= maxAttempts || !(tokenRefused.httpStatus() >= 500 || tokenRefused.httpStatus() == 429)) {
                    throw tokenRefused;
                }
                pause(backoff(attempt));
                continue;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new OpenIrnException.ConnectionException(method + " " + path + ": interrupted", interrupted);
            }
            if (answer.status == 401 && !refusedTokenRetried) {
                // A token the server no longer accepts (restarted with other keys, revoked): one fresh try.
                tokens.invalidate(token);
                refusedTokenRetried = true;
                attempt--;
                continue;
            }
            if (answer.status < 400) {
                return answer;
            }
            if (retryable(answer) && attempt < maxAttempts) {
                pause(retryAfter(answer).orElse(backoff(attempt)));
                continue;
            }
            throw error(answer);
        }
    }

    private HttpRequest request(String method, String path, byte[] body, String contentType, String idempotencyKey, String accept,
            String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(path)).timeout(requestTimeout)
                .header("Authorization", "Bearer " + token).header("Accept", accept).header("User-Agent", userAgent);
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return builder.build();
    }

    private static boolean retryable(Answer answer) {
        if (answer.status >= 500 || answer.status == 429) {
            return true;
        }
        // The first request under this key is still running on the server: ask again, it will answer from the key.
        return answer.status == 409 && new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8).contains("idempotency.in_progress");
    }

    private Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(base, maxBackoff.toMillis());
        // Full jitter on half of it, so many clients retrying together spread out.
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private Optional<Duration> retryAfter(Answer answer) {
        return answer.response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                long seconds = Long.parseLong(value.trim());
                return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(seconds, maxBackoff.toSeconds() * 6))));
            } catch (NumberFormatException httpDate) {
                return Optional.empty();
            }
        });
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new OpenIrnException.ConnectionException("interrupted while waiting to retry", interrupted);
        }
    }

    OpenIrnException error(Answer answer) {
        JsonNode raw;
        ErrorEnvelope envelope;
        try {
            raw = json.readTree(answer.body());
            envelope = json.treeToValue(raw, ErrorEnvelope.class);
        } catch (IOException | IllegalArgumentException notAnEnvelope) {
            raw = null;
            envelope = null;
        }
        if (envelope == null || envelope.code == null) {
            envelope = new ErrorEnvelope();
            envelope.code = answer.status >= 500 ? "server_error" : "http_" + answer.status;
            envelope.message = "HTTP " + answer.status + " without an error envelope";
            envelope.details = List.of();
        }
        envelope.httpStatus = answer.status;
        return OpenIrnException.of(envelope, raw);
    }
}
