package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.crypto.NicCrypto;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A bare NIC protocol client for tests: java.net.http plus NicCrypto, nothing clever. */
final class RawNicClient {

    record Answer(int httpStatus, JsonNode envelope, JsonNode data) {
        int status() {
            return envelope.path("Status").asInt(-1);
        }

        String firstErrorCode() {
            return envelope.path("ErrorDetails").path(0).path("ErrorCode").asString(null);
        }
    }

    final String baseUrl;
    final java.security.PublicKey encryptionKey;
    final String clientId;
    final String clientSecret;
    final String gstin;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String userName = IrpSandbox.DEFAULT_USER_NAME;
    String authToken;
    byte[] sek;

    RawNicClient(RunningIrpSandbox sandbox, String gstin) {
        this(sandbox.baseUrl(), sandbox.encryptionPublicKey(), sandbox.clientId(), sandbox.clientSecret(), gstin);
    }

    /** A client of a sandbox running elsewhere, e.g. the standalone one. */
    RawNicClient(String baseUrl, java.security.PublicKey encryptionKey, String clientId, String clientSecret, String gstin) {
        this.baseUrl = baseUrl;
        this.encryptionKey = encryptionKey;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.gstin = gstin;
    }

    Answer login() {
        return login(IrpSandbox.DEFAULT_USER_NAME, IrpSandbox.DEFAULT_PASSWORD, false);
    }

    Answer login(String user, String password, boolean forceRefresh) {
        byte[] appKey = NicCrypto.newKey();
        ObjectNode credentials = NicJson.object()
                .put("UserName", user)
                .put("Password", password)
                .put("AppKey", Base64.getEncoder().encodeToString(appKey))
                .put("ForceRefreshAccessToken", forceRefresh);
        return loginWithPayload(credentials, appKey, user);
    }

    Answer loginWithPayload(ObjectNode credentials, byte[] appKey, String user) {
        String base64Json = Base64.getEncoder().encodeToString(NicJson.write(credentials).getBytes(StandardCharsets.UTF_8));
        String data = NicCrypto.rsaEncrypt(encryptionKey, base64Json.getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/eivital/v1.04/auth"))
                .header("client_id", clientId)
                .header("client_secret", clientSecret)
                .header("Gstin", gstin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(NicJson.write(NicJson.object().put("Data", data))))
                .build();
        Answer answer = send(request, null);
        if (answer.status() == 1) {
            JsonNode result = answer.envelope().get("Data");
            authToken = result.get("AuthToken").asString();
            sek = NicCrypto.aesDecrypt(appKey, Base64.getDecoder().decode(result.get("Sek").asString()));
            userName = user;
        }
        return answer;
    }

    Answer post(String path, JsonNode body) {
        String data = NicCrypto.encryptJson(sek, NicJson.write(body));
        return send(core(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(NicJson.write(NicJson.object().put("Data", data))))
                .build(), sek);
    }

    Answer get(String pathAndQuery) {
        return send(core(pathAndQuery).GET().build(), sek);
    }

    Answer generate(JsonNode invoice) {
        return post("/eicore/v1.03/Invoice", invoice);
    }

    Answer cancel(String irn) {
        return post("/eicore/v1.03/Invoice/Cancel",
                NicJson.object().put("Irn", irn).put("CnlRsn", "1").put("CnlRem", "Wrong entry"));
    }

    HttpRequest.Builder core(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("client_id", clientId)
                .header("client_secret", clientSecret)
                .header("Gstin", gstin)
                .header("user_name", userName)
                .header("AuthToken", authToken == null ? "none" : authToken);
    }

    Answer send(HttpRequest request, byte[] key) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                return new Answer(response.statusCode(), NicJson.object(), null);
            }
            JsonNode envelope = NicJson.parse(response.body());
            JsonNode data = null;
            if (key != null && envelope.path("Status").asInt() == 1 && envelope.get("Data").isString()) {
                data = NicJson.parse(NicCrypto.decryptJson(key, envelope.get("Data").asString()));
            }
            return new Answer(response.statusCode(), envelope, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
