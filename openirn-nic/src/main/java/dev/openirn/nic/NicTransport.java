package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.crypto.NicCrypto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP to one IRP and NIC's request envelope: the client headers, {@code {"Data": …}} bodies, AES with the session
 * key on authenticated calls. Knows nothing of what the answers mean; a request that got no HTTP answer comes back
 * as a {@link NicResult.TransportFailure}.
 */
final class NicTransport {

    /** A request still missing its session: the path, and the plain JSON body for POSTs (null for GETs). */
    record Call(String method, String pathAndQuery, String plainBody) {

        static Call post(String path, String json) {
            return new Call("POST", path, json);
        }

        static Call get(String pathAndQuery) {
            return new Call("GET", pathAndQuery, null);
        }
    }

    /** The HTTP answer, or why none arrived; exactly one is set. */
    record Exchange(HttpResponse<String> response, NicResult.TransportFailure failure) {
    }

    private final NicClientConfig config;
    private final HttpClient http;
    private final String baseUrl;

    NicTransport(NicClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String base = config.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The login POST: client headers and GSTIN only; {@code rsaData} is already encrypted with the IRP's key. */
    Exchange login(String path, String gstin, String rsaData) {
        HttpRequest request = clientRequest(path, gstin)
                .POST(HttpRequest.BodyPublishers.ofString(dataBody(rsaData), StandardCharsets.UTF_8))
                .build();
        return exchange(request);
    }

    /** An authenticated call: the session's token in the headers and the body AES-encrypted with its SEK. */
    Exchange send(NicCredentials credentials, NicSession session, Call call) {
        HttpRequest.Builder request = clientRequest(call.pathAndQuery(), credentials.gstin())
                .header("user_name", credentials.userName())
                .header("AuthToken", session.authToken());
        if (call.plainBody() == null) {
            request.GET();
        } else {
            String body = dataBody(NicCrypto.encryptJson(session.sek(), call.plainBody()));
            request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return exchange(request.build());
    }

    private HttpRequest.Builder clientRequest(String pathAndQuery, String gstin) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("client_id", config.clientId())
                .header("client_secret", config.clientSecret())
                .header("Gstin", gstin);
    }

    private Exchange exchange(HttpRequest request) {
        try {
            return new Exchange(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), null);
        } catch (HttpConnectTimeoutException e) {
            return failed(NicResult.TransportFailure.Kind.CONNECTION, "connect timed out after " + config.requestTimeout());
        } catch (HttpTimeoutException e) {
            return failed(NicResult.TransportFailure.Kind.TIMEOUT, "no response within " + config.requestTimeout());
        } catch (IOException e) {
            return failed(NicResult.TransportFailure.Kind.CONNECTION,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(NicResult.TransportFailure.Kind.CONNECTION, "interrupted");
        }
    }

    private static Exchange failed(NicResult.TransportFailure.Kind kind, String detail) {
        return new Exchange(null, new NicResult.TransportFailure(kind, detail));
    }

    private static String dataBody(String base64) {
        return NicJson.write(NicJson.tree().createObjectNode().put("Data", base64));
    }
}
