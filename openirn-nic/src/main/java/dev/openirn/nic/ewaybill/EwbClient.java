package dev.openirn.nic.ewaybill;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicError;
import dev.openirn.nic.NicResult;
import dev.openirn.nic.NicSession;
import dev.openirn.nic.SessionCache;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client of one NIC e-way bill system ({@code ewaybillapi} v1.03). Thread-safe; create one per system and share it.
 *
 * <p>Logs in on demand with the e-way bill system's own RSA key (sessions cached per session scope, GSTIN, user and
 * password by the same {@link SessionCache} the IRP client uses, so tenants never share one), encrypts every action
 * with the session key, reads GET answers through their per-answer key and HMAC, and turns every answer into an
 * {@link EwbOutcome}. A call refused with 238 (invalid token) is sent once more after a fresh login. Nothing here
 * throws for NIC or network trouble. Passwords, app keys, SEKs and tokens are never logged.
 */
public final class EwbClient {

    static final String AUTH_PATH = "/auth";
    static final String ACTION_PATH = "/ewayapi";
    static final String INVALID_TOKEN = EwbErrors.INVALID_AUTH_TOKEN.code();

    private static final Logger log = LoggerFactory.getLogger(EwbClient.class);

    // How each decrypted answer is read; package-visible so recorded answers can be replayed through them.
    static final Function<JsonNode, EwbValues.Generated> GENERATED = data -> new EwbValues.Generated(
            number(data, "ewayBillNo"), text(data, "ewayBillDate"), text(data, "validUpto"), text(data, "alert"));
    static final Function<JsonNode, EwbValues.VehicleUpdated> VEHICLE_UPDATED =
            data -> new EwbValues.VehicleUpdated(text(data, "vehUpdDate"), text(data, "validUpto"));
    static final Function<JsonNode, EwbValues.TransporterUpdated> TRANSPORTER_UPDATED = data -> new EwbValues.TransporterUpdated(
            number(data, "ewayBillNo"), text(data, "transporterId"), text(data, "transUpdateDate"));
    static final Function<JsonNode, EwbValues.Extended> EXTENDED = data -> new EwbValues.Extended(
            number(data, "ewayBillNo"), text(data, "updatedDate"), text(data, "validUpto"));
    static final Function<JsonNode, EwbValues.Cancelled> CANCELLED =
            data -> new EwbValues.Cancelled(number(data, "ewayBillNo"), text(data, "cancelDate"));
    static final Function<JsonNode, EwbValues.Rejected> REJECTED =
            data -> new EwbValues.Rejected(number(data, "ewayBillNo"), text(data, "ewbRejectedDate"));
    static final Function<JsonNode, EwbValues.EwayBill> EWAY_BILL = EwbClient::ewayBill;
    static final Function<JsonNode, EwbValues.DocumentMatch> DOCUMENT_MATCH = data -> new EwbValues.DocumentMatch(
            number(data, "ewayBillNo"), text(data, "ewayBillDate"), text(data, "validUpto"));

    private final EwbClientConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final String baseUrl;
    private final SessionCache sessions;

    public EwbClient(EwbClientConfig config) {
        this(config, Clock.systemUTC());
    }

    public EwbClient(EwbClientConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        String base = config.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.sessions = new SessionCache(config.baseUrl(), clock, (credentials, forceRefresh) -> login(credentials));
    }

    public EwbClientConfig config() {
        return config;
    }

    // --- actions ------------------------------------------------------------------------------------

    /** GENEWAYBILL with the Part-A (and optional Part-B) JSON, encrypted as given. */
    public EwbOutcome<EwbValues.Generated> generate(NicCredentials credentials, String ewayBillJson) {
        return action(credentials, "GENEWAYBILL", ewayBillJson, GENERATED);
    }

    /** VEHEWB (update Part-B): {@code ewbNo, vehicleNo, fromPlace, fromState, reasonCode, reasonRem, transDocNo, transDocDate, transMode, vehicleType}. */
    public EwbOutcome<EwbValues.VehicleUpdated> updateVehicle(NicCredentials credentials, String partBJson) {
        return action(credentials, "VEHEWB", partBJson, VEHICLE_UPDATED);
    }

    /** UPDATETRANSPORTER. */
    public EwbOutcome<EwbValues.TransporterUpdated> updateTransporter(NicCredentials credentials, long ewbNo,
                                                                      String transporterId) {
        ObjectNode body = NicJson.object().put("ewbNo", ewbNo).put("transporterId", transporterId);
        return action(credentials, "UPDATETRANSPORTER", NicJson.write(body), TRANSPORTER_UPDATED);
    }

    /** EXTENDVALIDITY with NIC's fields ({@code ewbNo, vehicleNo, fromPlace, fromState, fromPincode, remainingDistance, …}). */
    public EwbOutcome<EwbValues.Extended> extendValidity(NicCredentials credentials, String extensionJson) {
        return action(credentials, "EXTENDVALIDITY", extensionJson, EXTENDED);
    }

    /** CANEWB; {@code reasonCode} 1 duplicate, 2 order cancelled, 3 data entry mistake, 4 others. */
    public EwbOutcome<EwbValues.Cancelled> cancel(NicCredentials credentials, long ewbNo, int reasonCode, String remark) {
        ObjectNode body = NicJson.object().put("ewbNo", ewbNo).put("cancelRsnCode", reasonCode).put("cancelRmrk", remark);
        return action(credentials, "CANEWB", NicJson.write(body), CANCELLED);
    }

    /** REJEWB, by the other party named on the e-way bill. */
    public EwbOutcome<EwbValues.Rejected> reject(NicCredentials credentials, long ewbNo) {
        ObjectNode body = NicJson.object().put("ewbNo", ewbNo);
        return action(credentials, "REJEWB", NicJson.write(body), REJECTED);
    }

    // --- reads --------------------------------------------------------------------------------------

    /** GetEwayBill: the record with its vehicle history, newest first. */
    public EwbOutcome<EwbValues.EwayBill> getEwayBill(NicCredentials credentials, long ewbNo) {
        return read(credentials, ACTION_PATH + "/GetEwayBill?ewbNo=" + ewbNo, EWAY_BILL);
    }

    /**
     * GetEwayBillGeneratedByConsigner: the caller's active e-way bill for a document. After an {@link EwbOutcome.Unknown}
     * generate, this says whether it was made (Ok) or not (Refused), before anything is sent again.
     */
    public EwbOutcome<EwbValues.DocumentMatch> getByDocument(NicCredentials credentials, String docType, String docNo) {
        String query = "?docType=" + URLEncoder.encode(docType, StandardCharsets.UTF_8) + "&docNo="
                + URLEncoder.encode(docNo, StandardCharsets.UTF_8);
        return read(credentials, ACTION_PATH + "/GetEwayBillGeneratedByConsigner" + query, DOCUMENT_MATCH);
    }

    /** A fresh login that neither uses nor fills the session cache: for "test connection". */
    public AuthOutcome authenticate(NicCredentials credentials) {
        long started = System.nanoTime();
        SessionCache.LoginAttempt attempt = login(credentials);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        if (attempt.session() != null) {
            return AuthOutcome.succeeded(latency, attempt.session().tokenExpiry());
        }
        if (attempt.failure() instanceof NicResult.TransportFailure failure) {
            return AuthOutcome.unreachable(latency, failure);
        }
        if (attempt.failure() instanceof NicResult.AuthFailed refused) {
            return AuthOutcome.refused(latency, refused.errors().isEmpty() ? new NicError(null, "refused") : refused.errors().get(0));
        }
        if (attempt.failure() instanceof NicResult.Rejected rejected) {
            return AuthOutcome.refused(latency, rejected.errors().isEmpty() ? new NicError(null, "refused") : rejected.errors().get(0));
        }
        return AuthOutcome.refused(latency, new NicError(null, String.valueOf(attempt.failure())));
    }

    /** Drops this scope's cached sessions of the API user, e.g. after its stored password changed. */
    public void forgetSession(NicCredentials credentials) {
        sessions.forget(credentials);
    }

    // --- one authenticated call, with one re-login on 238 --------------------------------------------

    private <T> EwbOutcome<T> action(NicCredentials credentials, String action, String json, Function<JsonNode, T> reader) {
        return call(credentials, action, session -> {
            ObjectNode body = NicJson.object()
                    .put("action", action)
                    .put("data", NicCrypto.encryptJson(session.sek(), json));
            return request(ACTION_PATH, credentials.gstin()).header("authtoken", session.authToken())
                    .POST(HttpRequest.BodyPublishers.ofString(NicJson.write(body), StandardCharsets.UTF_8)).build();
        }, false, reader);
    }

    private <T> EwbOutcome<T> read(NicCredentials credentials, String pathAndQuery, Function<JsonNode, T> reader) {
        return call(credentials, pathAndQuery.substring(ACTION_PATH.length() + 1), session ->
                request(pathAndQuery, credentials.gstin()).header("authtoken", session.authToken()).GET().build(), true, reader);
    }

    private <T> EwbOutcome<T> call(NicCredentials credentials, String operation, Function<NicSession, HttpRequest> build,
                                   boolean get, Function<JsonNode, T> reader) {
        SessionCache.LoginAttempt attempt = sessions.current(credentials);
        if (attempt.session() == null) {
            return loginFailure(attempt.failure());
        }
        EwbOutcome<T> outcome = send(build.apply(attempt.session()), attempt.session(), get, reader);
        if (outcome instanceof EwbOutcome.Refused<T> refused && refused.hasCode(INVALID_TOKEN)) {
            log.info("E-way bill {} for {}: token refused, logging in again", operation, credentials.gstin());
            attempt = sessions.renewAfterRejection(credentials, attempt.session());
            if (attempt.session() == null) {
                return loginFailure(attempt.failure());
            }
            outcome = send(build.apply(attempt.session()), attempt.session(), get, reader);
            if (outcome instanceof EwbOutcome.Refused<T> again && again.hasCode(INVALID_TOKEN)) {
                outcome = new EwbOutcome.AuthFailed<>(again.errors());
            }
        }
        log.debug("E-way bill {} for {} -> {}", operation, credentials.gstin(), outcome.getClass().getSimpleName());
        return outcome;
    }

    private <T> EwbOutcome<T> send(HttpRequest request, NicSession session, boolean get, Function<JsonNode, T> reader) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new EwbOutcome.Unavailable<>("cannot connect: " + e.getClass().getSimpleName());
        } catch (HttpTimeoutException e) {
            return new EwbOutcome.Unknown<>("no response within " + config.requestTimeout());
        } catch (IOException e) {
            return new EwbOutcome.Unknown<>("connection lost: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EwbOutcome.Unknown<>("interrupted");
        }
        return interpret(response.statusCode(), response.body(), session.sek(), get, reader);
    }

    /** An answer read into an outcome; package-visible so recorded NIC answers can be replayed through it. */
    static <T> EwbOutcome<T> interpret(int httpStatus, String body, byte[] sek, boolean get, Function<JsonNode, T> reader) {
        if (httpStatus == 503) {
            return new EwbOutcome.Unavailable<>("HTTP 503");
        }
        JsonNode envelope;
        try {
            envelope = NicJson.parse(body == null ? "" : body);
        } catch (JacksonException e) {
            return httpStatus >= 500 ? new EwbOutcome.Unknown<>("HTTP " + httpStatus)
                    : new EwbOutcome.Unknown<>("HTTP " + httpStatus + " without a JSON answer");
        }
        JsonNode gspSuccess = field(envelope, "success");
        if (gspSuccess != null && field(envelope, "status") == null) {
            return gspWrapped(envelope, gspSuccess.asBoolean(false), reader);
        }
        String status = text(envelope, "status");
        if ("0".equals(status)) {
            return refusal(envelope);
        }
        if (!"1".equals(status)) {
            return httpStatus >= 500 ? new EwbOutcome.Unknown<>("HTTP " + httpStatus)
                    : new EwbOutcome.Unknown<>("answer without status 0 or 1");
        }
        String data = text(envelope, "data");
        if (data == null) {
            return new EwbOutcome.Unknown<>("status 1 without data");
        }
        try {
            String plain;
            if (get) {
                String rekText = text(envelope, "rek");
                if (rekText == null) {
                    return new EwbOutcome.Unknown<>("GET answer without rek");
                }
                byte[] rek = NicCrypto.aesDecrypt(sek, Base64.getDecoder().decode(rekText));
                plain = NicCrypto.decryptJson(rek, data);
                String hmac = text(envelope, "hmac");
                if (hmac != null && !MessageDigest.isEqual(Base64.getDecoder().decode(hmac), hmac(rek, plain))) {
                    return new EwbOutcome.Unknown<>("hmac does not match the decrypted data");
                }
            } else {
                plain = NicCrypto.decryptJson(sek, data);
            }
            return new EwbOutcome.Ok<>(reader.apply(NicJson.parse(plain)));
        } catch (NicCryptoException | IllegalArgumentException e) {
            return new EwbOutcome.Unknown<>("answer does not decrypt with the session key");
        } catch (JacksonException e) {
            return new EwbOutcome.Unknown<>("decrypted answer is not JSON");
        }
    }

    /** NIC's HMAC over a GET answer: keyed with the answer key, over the Base64 text of the plaintext JSON. */
    public static byte[] hmac(byte[] rek, String plainJson) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rek, "HmacSHA256"));
            return mac.doFinal(Base64.getEncoder().encodeToString(plainJson.getBytes(StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A GSP's {@code {success, message, result}} wrapper around NIC's answer. */
    private static <T> EwbOutcome<T> gspWrapped(JsonNode envelope, boolean success, Function<JsonNode, T> reader) {
        String message = text(envelope, "message");
        if (success) {
            JsonNode result = field(envelope, "result");
            return result == null || result.isNull() ? new EwbOutcome.Unknown<>("GSP success without result")
                    : new EwbOutcome.Ok<>(reader.apply(result));
        }
        String upper = message == null ? "" : message.toUpperCase(Locale.ROOT);
        if (upper.contains("GSPGSTDOWN") || upper.contains("GSPERR300") || upper.contains("CONNECTION RESET")
                || upper.contains("NO ROUTE TO HOST")) {
            return new EwbOutcome.Unavailable<>(message);
        }
        List<NicError> codes = codesIn(message);
        return codes.isEmpty() ? new EwbOutcome.Unknown<>("GSP failure: " + message) : classify(codes, null);
    }

    private static <T> EwbOutcome<T> refusal(JsonNode envelope) {
        JsonNode error = field(envelope, "error");
        String codesText = null;
        if (error != null && error.isObject()) {
            codesText = text(error, "errorCodes");
        } else if (error != null && error.isString()) {
            String decoded = decodeBase64Text(error.asString());
            try {
                JsonNode parsed = NicJson.parse(decoded.substring(Math.max(0, decoded.indexOf('{'))));
                codesText = text(parsed, "errorCodes");
            } catch (JacksonException | StringIndexOutOfBoundsException e) {
                codesText = decoded;
            }
        }
        JsonNode info = field(envelope, "info");
        String infoText = info == null || info.isNull() ? null : decodeBase64Text(info.asString());
        List<NicError> codes = codesIn(codesText);
        if (codes.isEmpty()) {
            return new EwbOutcome.Unknown<>("status 0 without error codes");
        }
        return classify(codes, infoText);
    }

    private static <T> EwbOutcome<T> classify(List<NicError> codes, String info) {
        if (codes.stream().anyMatch(code -> EwbErrors.TRY_AGAIN_LATER.contains(code.code()))) {
            return new EwbOutcome.Unavailable<>("NIC asked to try later: " + codes);
        }
        return new EwbOutcome.Refused<>(codes, info);
    }

    /** Codes out of {@code "702,"}, {@code "604"}, or {@code "<message> : 238"}. */
    static List<NicError> codesIn(String text) {
        List<NicError> codes = new ArrayList<>();
        if (text == null) {
            return codes;
        }
        String tail = text.contains(":") ? text.substring(text.lastIndexOf(':') + 1) : text;
        for (String part : tail.split(",")) {
            String code = part.trim();
            if (code.matches("\\d{2,4}")) {
                codes.add(EwbErrors.of(code));
            }
        }
        return codes;
    }

    private static String decodeBase64Text(String text) {
        try {
            return new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return text;
        }
    }

    // --- login ---------------------------------------------------------------------------------------

    private SessionCache.LoginAttempt login(NicCredentials credentials) {
        byte[] appKey = NicCrypto.newKey();
        ObjectNode payload = NicJson.object()
                .put("action", "ACCESSTOKEN")
                .put("username", credentials.userName())
                .put("password", credentials.password())
                .put("app_key", Base64.getEncoder().encodeToString(appKey));
        String encoded = Base64.getEncoder().encodeToString(NicJson.write(payload).getBytes(StandardCharsets.UTF_8));
        String data;
        try {
            data = NicCrypto.rsaEncrypt(config.ewbEncryptionKey(), encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (NicCryptoException e) {
            return loginTrouble(NicResult.TransportFailure.Kind.PROTOCOL, "cannot RSA-encrypt the login payload");
        }
        HttpRequest request = request(AUTH_PATH, credentials.gstin())
                .POST(HttpRequest.BodyPublishers.ofString(NicJson.write(NicJson.object().put("Data", data)),
                        StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return loginTrouble(NicResult.TransportFailure.Kind.TIMEOUT, "no response within " + config.requestTimeout());
        } catch (IOException e) {
            return loginTrouble(NicResult.TransportFailure.Kind.CONNECTION, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return loginTrouble(NicResult.TransportFailure.Kind.CONNECTION, "interrupted");
        }
        SessionCache.LoginAttempt attempt = readLogin(response, appKey);
        log.info("E-way bill login for {}/{}: {}", credentials.gstin(), credentials.userName(),
                attempt.session() != null ? "ok" : attempt.failure());
        return attempt;
    }

    private SessionCache.LoginAttempt readLogin(HttpResponse<String> response, byte[] appKey) {
        EwbOutcome<JsonNode> envelope = interpretLogin(response.statusCode(), response.body());
        if (envelope instanceof EwbOutcome.Refused<JsonNode> refused) {
            boolean credentialsRefused = refused.errors().stream()
                    .anyMatch(error -> EwbErrors.CREDENTIALS_REFUSED.contains(error.code()));
            return new SessionCache.LoginAttempt(null, credentialsRefused ? new NicResult.AuthFailed(refused.errors())
                    : new NicResult.Rejected(refused.errors(), List.of()));
        }
        if (!(envelope instanceof EwbOutcome.Ok<JsonNode> ok)) {
            return loginTrouble(envelope instanceof EwbOutcome.Unavailable<JsonNode> ? NicResult.TransportFailure.Kind.HTTP_5XX
                    : NicResult.TransportFailure.Kind.PROTOCOL, String.valueOf(envelope));
        }
        String token = text(ok.value(), "authtoken");
        String sekText = text(ok.value(), "sek");
        if (token == null || sekText == null) {
            return loginTrouble(NicResult.TransportFailure.Kind.PROTOCOL, "auth answer lacks authtoken or sek");
        }
        byte[] sek;
        try {
            sek = NicCrypto.aesDecrypt(appKey, Base64.getDecoder().decode(sekText));
        } catch (NicCryptoException | IllegalArgumentException e) {
            return loginTrouble(NicResult.TransportFailure.Kind.UNDECRYPTABLE, "sek does not decrypt with the app key");
        }
        if (sek.length != 32) {
            return loginTrouble(NicResult.TransportFailure.Kind.UNDECRYPTABLE, "sek is not a 32-byte key");
        }
        Instant now = clock.instant();
        Instant expiry = now.plus(config.tokenLifetime());
        return new SessionCache.LoginAttempt(new NicSession(token, sek, expiry, expiry.minus(config.refreshBeforeExpiry())), null);
    }

    /** The flat auth answer {@code {status, authtoken, sek}} or its refusal. */
    private static EwbOutcome<JsonNode> interpretLogin(int httpStatus, String body) {
        JsonNode envelope;
        try {
            envelope = NicJson.parse(body == null ? "" : body);
        } catch (JacksonException e) {
            return new EwbOutcome.Unknown<>("HTTP " + httpStatus + " without a JSON answer");
        }
        JsonNode gspSuccess = field(envelope, "success");
        if (gspSuccess != null && field(envelope, "status") == null && !gspSuccess.asBoolean(false)) {
            return gspWrapped(envelope, false, node -> node);
        }
        String status = text(envelope, "status");
        if ("0".equals(status)) {
            return refusal(envelope);
        }
        return "1".equals(status) ? new EwbOutcome.Ok<>(envelope) : new EwbOutcome.Unknown<>("HTTP " + httpStatus);
    }

    private static SessionCache.LoginAttempt loginTrouble(NicResult.TransportFailure.Kind kind, String detail) {
        return new SessionCache.LoginAttempt(null, new NicResult.TransportFailure(kind, detail));
    }

    private static <T> EwbOutcome<T> loginFailure(NicResult failure) {
        if (failure instanceof NicResult.AuthFailed refused) {
            return new EwbOutcome.AuthFailed<>(refused.errors());
        }
        if (failure instanceof NicResult.TransportFailure transport
                && transport.kind() == NicResult.TransportFailure.Kind.CONNECTION) {
            return new EwbOutcome.Unavailable<>("login: " + transport.detail());
        }
        // Nothing was sent for the call itself, so whatever stopped the login, the call was not processed.
        return new EwbOutcome.Unavailable<>("login failed: " + failure);
    }

    private HttpRequest.Builder request(String pathAndQuery, String gstin) {
        return HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("client-id", config.clientId())
                .header("client-secret", config.clientSecret())
                .header("gstin", gstin);
    }

    // --- reading decrypted answers -------------------------------------------------------------------

    private static EwbValues.EwayBill ewayBill(JsonNode data) {
        List<EwbValues.Vehicle> vehicles = new ArrayList<>();
        JsonNode rows = field(data, "VehiclListDetails");
        if (rows != null && rows.isArray()) {
            for (JsonNode row : rows) {
                vehicles.add(new EwbValues.Vehicle(text(row, "vehicleNo"), text(row, "fromPlace"), (int) number(row, "fromState"),
                        text(row, "transMode"), text(row, "transDocNo"), text(row, "transDocDate"), text(row, "enteredDate"),
                        text(row, "userGSTINTransin")));
            }
        }
        return new EwbValues.EwayBill(number(data, "ewbNo"), text(data, "status"), text(data, "ewayBillDate"),
                text(data, "validUpto"), text(data, "userGstin"), text(data, "docType"), text(data, "docNo"),
                text(data, "docDate"), text(data, "fromGstin"), text(data, "toGstin"), text(data, "transporterId"),
                (int) number(data, "actualDist"), (int) number(data, "extendedTimes"), text(data, "rejectStatus"),
                vehicles, data);
    }

    /** A member looked up case-insensitively, as NIC binds names. */
    static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.isBlank() ? (value.isString() ? text : null) : text.trim();
    }

    /** A number sent as a JSON number or numeric string (NIC does both); 0 when absent. */
    static long number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (value == null || value.isNull()) {
            return 0L;
        }
        if (value.isNumber()) {
            return value.longValue();
        }
        String text = value.asString().trim();
        return text.matches("-?\\d+") ? Long.parseLong(text) : 0L;
    }
}
