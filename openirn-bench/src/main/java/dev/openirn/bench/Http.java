package dev.openirn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK HttpClient (HTTP/1.1, keep-alive pool) and the few calls the benchmark makes. */
final class Http {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> expect(HttpRequest request, int... statuses) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return response;
            }
        }
        String body = response.body();
        throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
    }

    static String id(String json) {
        Matcher matcher = ID.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return matcher.group(1);
    }

    /** {@code status} from {@code url} within {@code limit}; false if not (or if the child died). */
    boolean awaitOk(String url, Duration limit, Child child, int status) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (child != null && !child.alive()) {
                return false;
            }
            try {
                if (send(request(url).timeout(Duration.ofSeconds(2)).GET().build()).statusCode() == status) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        return false;
    }

    /** An access token for the bootstrap client, renewed well inside its 900 s lifetime. */
    final class Tokens {
        private final String tokenUrl;
        private final String clientId;
        private final String clientSecret;
        private volatile String token;
        private volatile long fetchedAt;

        Tokens(String baseUrl, String clientId, String clientSecret) {
            this.tokenUrl = baseUrl + "/realms/onefinops/protocol/openid-connect/token";
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        String bearer() throws IOException, InterruptedException {
            if (token == null || System.nanoTime() - fetchedAt > Duration.ofMinutes(10).toNanos()) {
                synchronized (this) {
                    if (token == null || System.nanoTime() - fetchedAt > Duration.ofMinutes(10).toNanos()) {
                        String form = "grant_type=client_credentials&scope=gstn-india&client_id="
                                + URLEncoder.encode(clientId, StandardCharsets.UTF_8) + "&client_secret="
                                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
                        HttpResponse<String> response = expect(request(tokenUrl)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), 200);
                        Matcher matcher = TOKEN.matcher(response.body());
                        if (!matcher.find()) {
                            throw new IOException("no access_token in " + response.body());
                        }
                        token = matcher.group(1);
                        fetchedAt = System.nanoTime();
                    }
                }
            }
            return "Bearer " + token;
        }
    }
}
