package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client of one NIC IRP. Thread-safe; create one per IRP and share it.
 *
 * <p>Every call logs in on demand (sessions cached per session scope, GSTIN, user and password until shortly
 * before {@code TokenExpiry}), encrypts the body with the session key, and turns the answer into a {@link NicResult}.
 * A call refused with an invalid-token code (1005, 1015) is retried once after a fresh login. Nothing here
 * throws for IRP or network trouble; it is all in the result. Passwords, AppKeys, SEKs and tokens are never
 * logged or put into results.
 */
public final class NicClient {

    static final String AUTH_PATH = "/eivital/v1.04/auth";
    static final String GENERATE_PATH = "/eicore/v1.03/Invoice";
    static final String CANCEL_PATH = "/eicore/v1.03/Invoice/Cancel";
    static final String GET_BY_IRN_PATH = "/eicore/v1.03/Invoice/irn/";
    static final String GET_BY_DOCUMENT_PATH = "/eicore/v1.03/Invoice/irnbydocdetails";
    static final String GSTIN_DETAILS_PATH = "/eivital/v1.04/Master/gstin/";

    /** The token in the headers is no longer good (expired, or bound to another GSTIN/user): log in again. */
    static final Set<String> TOKEN_REJECTED = Set.of(NicError.INVALID_TOKEN.code(), NicError.INVALID_GSTIN_FOR_USER.code());

    /** Codes by which the IRP refuses the API user, client id or their encryption rather than the request. */
    static final Set<String> CREDENTIALS_REFUSED = Set.of(
            "1004", "1005", "1006", "1007", "1008", "1010", "1011", "1012", "1013", "1014", "1015", "1016",
            "1017", "1018", "1019", "1020");

    static final String DUPLICATE_IRN = NicError.DUPLICATE_IRN.code();
    static final String DUPLICATE_INFO = "DUPIRN";

    private static final Logger log = LoggerFactory.getLogger(NicClient.class);

    private final NicClientConfig config;
    private final Clock clock;
    private final HttpClient http;
    private final SessionCache sessions;
    private final SignedJwtVerifier signatureVerifier;
    private final String baseUrl;

    public NicClient(NicClientConfig config) {
        this(config, Clock.systemUTC());
    }

    public NicClient(NicClientConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.sessions = new SessionCache(config.baseUrl(), clock, this::login);
        this.signatureVerifier = config.signingCertificate() == null ? null
                : new SignedJwtVerifier(config.signingCertificate());
        String base = config.baseUrl().toString();
        this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public NicClientConfig config() {
        return config;
    }

    /**
     * Generate IRN. {@code invoiceJson} is the INV-01 JSON text and is encrypted byte-for-byte as
     * given, because the IRP echoes its number literals into the signed invoice.
     */
    public NicResult generate(NicCredentials credentials, String invoiceJson) {
        return call(credentials, "generate", post(GENERATE_PATH, invoiceJson));
    }

    /** Get e-invoice by IRN. */
    public NicResult getByIrn(NicCredentials credentials, String irn) {
        return call(credentials, "getByIrn", get(GET_BY_IRN_PATH + pathSegment(irn)));
    }

    /** Get IRN details by document; {@code docDateDdMmYyyy} as {@code dd/MM/yyyy}. */
    public NicResult getByDocument(NicCredentials credentials, String docType, String docNo, String docDateDdMmYyyy) {
        String query = "?doctype=" + queryValue(docType) + "&docnum=" + queryValue(docNo)
                + "&docdate=" + queryValue(docDateDdMmYyyy);
        return call(credentials, "getByDocument", get(GET_BY_DOCUMENT_PATH + query));
    }

    /** Cancel IRN; {@code reasonCode} 1 duplicate, 2 data entry mistake, 3 order cancelled, 4 others. */
    public NicResult cancel(NicCredentials credentials, String irn, String reasonCode, String remarks) {
        ObjectNode body = NicJson.tree().createObjectNode()
                .put("Irn", irn)
                .put("CnlRsn", reasonCode)
                .put("CnlRem", remarks);
        return call(credentials, "cancel", post(CANCEL_PATH, NicJson.write(body)));
    }

    /** Get GSTIN details from the IRP's master. */
    public NicResult gstinDetails(NicCredentials credentials, String gstin) {
        return call(credentials, "gstinDetails", get(GSTIN_DETAILS_PATH + pathSegment(gstin)));
    }

    /** A fresh login that neither uses nor fills the session cache: for "test connection". */
    public AuthOutcome authenticate(NicCredentials credentials) {
        long started = System.nanoTime();
        SessionCache.LoginAttempt attempt = login(credentials, false);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        if (attempt.session() != null) {
            return AuthOutcome.succeeded(latency, attempt.session().tokenExpiry());
        }
        NicResult failure = attempt.failure();
        if (failure instanceof NicResult.TransportFailure transport) {
            return AuthOutcome.unreachable(latency, transport);
        }
        if (failure instanceof NicResult.AuthFailed refused) {
            return AuthOutcome.refused(latency, first(refused.errors()));
        }
        if (failure instanceof NicResult.Rejected rejected) {
            return AuthOutcome.refused(latency, first(rejected.errors()));
        }
        return AuthOutcome.refused(latency, new NicError(null, failure.getClass().getSimpleName()));
    }

    /**
     * Drops the cached sessions of this scope's API user whatever their password, e.g. after the stored password
     * changed; other scopes keep theirs.
     */
    public void forgetSession(NicCredentials credentials) {
        sessions.forget(credentials);
    }

    // --- one authenticated call, with one re-login on a rejected token

    /** A request still missing its session: the path, and the plain JSON body for POSTs (null for GETs). */
    private record Call(String method, String pathAndQuery, String plainBody) {
    }

    private static Call post(String path, String json) {
        return new Call("POST", path, json);
    }

    private static Call get(String pathAndQuery) {
        return new Call("GET", pathAndQuery, null);
    }

    private NicResult call(NicCredentials credentials, String operation, Call call) {
        SessionCache.LoginAttempt attempt = sessions.current(credentials);
        if (attempt.session() == null) {
            return loginFailureForCall(attempt.failure());
        }
        NicResult result = send(credentials, attempt.session(), call);
        if (isTokenRejected(result)) {
            log.info("NIC {} for {}: token refused ({}), logging in again", operation, credentials.gstin(),
                    ((NicResult.Rejected) result).errors());
            attempt = sessions.renewAfterRejection(credentials, attempt.session());
            if (attempt.session() == null) {
                return loginFailureForCall(attempt.failure());
            }
            result = send(credentials, attempt.session(), call);
            if (isTokenRejected(result)) {
                result = new NicResult.AuthFailed(((NicResult.Rejected) result).errors());
            }
        }
        result = checkSignatures(result);
        log.debug("NIC {} for {} -> {}", operation, credentials.gstin(), result.getClass().getSimpleName());
        return result;
    }

    /**
     * A login refused for a reason other than the credentials (e.g. 5002 application error) says nothing about
     * the request the caller wanted to make, so it must not look like a rejection of that request.
     */
    private static NicResult loginFailureForCall(NicResult loginFailure) {
        if (loginFailure instanceof NicResult.Rejected rejected) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                    "login failed: " + rejected.errors());
        }
        return loginFailure;
    }

    private static boolean isTokenRejected(NicResult result) {
        return result instanceof NicResult.Rejected rejected
                && anyCodeIn(rejected.errors(), TOKEN_REJECTED);
    }

    private NicResult send(NicCredentials credentials, NicSession session, Call call) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery()))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("client_id", config.clientId())
                .header("client_secret", config.clientSecret())
                .header("Gstin", credentials.gstin())
                .header("user_name", credentials.userName())
                .header("AuthToken", session.authToken());
        if (call.plainBody() == null) {
            request.GET();
        } else {
            String body = dataBody(NicCrypto.encryptJson(session.sek(), call.plainBody()));
            request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        Object answer = exchange(request.build());
        if (answer instanceof NicResult.TransportFailure failure) {
            return failure;
        }
        return interpret((HttpResponse<?>) answer, session.sek());
    }

    /** Reads a non-auth answer; token errors come back as {@link NicResult.Rejected} for {@link #call} to retry. */
    private NicResult interpret(HttpResponse<?> response, byte[] sek) {
        NicEnvelope envelope = envelopeOrNull(response);
        if (envelope == null) {
            return notAnEnvelope(response);
        }
        if (envelope.succeeded()) {
            if (!envelope.hasData() || !envelope.data().isString()) {
                return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                        "Status 1 without an encrypted Data string");
            }
            JsonNode data;
            try {
                data = NicJson.parse(NicCrypto.decryptJson(sek, envelope.data().stringValue()));
            } catch (NicCryptoException | JacksonException e) {
                return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.UNDECRYPTABLE,
                        "Data does not decrypt to JSON with the session key");
            }
            return new NicResult.Success(data, envelope.info());
        }
        return failure(envelope, false);
    }

    private NicResult checkSignatures(NicResult result) {
        if (signatureVerifier == null || !(result instanceof NicResult.Success success)) {
            return result;
        }
        for (String jws : new String[] {success.signedInvoice(), success.signedQrCode()}) {
            if (jws == null) {
                continue;
            }
            try {
                signatureVerifier.verify(jws);
            } catch (NicSignatureException e) {
                log.warn("NIC answer for IRN {} failed signature verification: {}", success.irn(), e.getMessage());
                return new NicResult.SignatureInvalid(success, e.getMessage());
            }
        }
        return result;
    }

    // --- login

    private SessionCache.LoginAttempt login(NicCredentials credentials, boolean forceRefresh) {
        byte[] appKey = NicCrypto.newKey();
        ObjectNode payload = NicJson.tree().createObjectNode()
                .put("UserName", credentials.userName())
                .put("Password", credentials.password())
                .put("AppKey", Base64.getEncoder().encodeToString(appKey))
                .put("ForceRefreshAccessToken", forceRefresh);
        String encodedCredentials = Base64.getEncoder()
                .encodeToString(NicJson.write(payload).getBytes(StandardCharsets.UTF_8));
        String data;
        try {
            data = NicCrypto.rsaEncrypt(config.irpEncryptionKey(), encodedCredentials.getBytes(StandardCharsets.US_ASCII));
        } catch (NicCryptoException e) {
            return failedLogin(NicResult.TransportFailure.Kind.PROTOCOL,
                    "cannot RSA-encrypt the login payload (credentials too long or unusable IRP key)");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + AUTH_PATH))
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("client_id", config.clientId())
                .header("client_secret", config.clientSecret())
                .header("Gstin", credentials.gstin())
                .POST(HttpRequest.BodyPublishers.ofString(dataBody(data), StandardCharsets.UTF_8))
                .build();
        Object answer = exchange(request);
        if (answer instanceof NicResult.TransportFailure failure) {
            return new SessionCache.LoginAttempt(null, failure);
        }
        SessionCache.LoginAttempt attempt = readLogin((HttpResponse<?>) answer, appKey);
        if (attempt.session() != null) {
            log.info("NIC login for {}/{} ok, token expires {}", credentials.gstin(), credentials.userName(),
                    attempt.session().tokenExpiry());
        } else {
            log.info("NIC login for {}/{} failed: {}", credentials.gstin(), credentials.userName(), attempt.failure());
        }
        return attempt;
    }

    private SessionCache.LoginAttempt readLogin(HttpResponse<?> response, byte[] appKey) {
        NicEnvelope envelope = envelopeOrNull(response);
        if (envelope == null) {
            return new SessionCache.LoginAttempt(null, notAnEnvelope(response));
        }
        if (!envelope.succeeded()) {
            return new SessionCache.LoginAttempt(null, failure(envelope, true));
        }
        JsonNode data = envelope.data();
        if (data != null && data.isString()) {
            // Auth Data is a plain object per NIC; tolerate it arriving as JSON text.
            try {
                data = NicJson.parse(data.stringValue());
            } catch (JacksonException e) {
                data = null;
            }
        }
        String authToken = NicEnvelope.text(data, "AuthToken");
        String sekText = NicEnvelope.text(data, "Sek");
        String tokenExpiry = NicEnvelope.text(data, "TokenExpiry");
        if (authToken == null || sekText == null || tokenExpiry == null) {
            return failedLogin(NicResult.TransportFailure.Kind.PROTOCOL, "auth Data lacks AuthToken, Sek or TokenExpiry");
        }
        byte[] sek;
        try {
            sek = NicCrypto.aesDecrypt(appKey, Base64.getDecoder().decode(sekText));
        } catch (NicCryptoException | IllegalArgumentException e) {
            return failedLogin(NicResult.TransportFailure.Kind.UNDECRYPTABLE, "Sek does not decrypt with the AppKey");
        }
        if (sek.length != 32) {
            return failedLogin(NicResult.TransportFailure.Kind.UNDECRYPTABLE, "Sek is not a 32-byte key");
        }
        Instant expiry;
        try {
            expiry = NicTimestamps.parse(tokenExpiry);
        } catch (DateTimeParseException e) {
            return failedLogin(NicResult.TransportFailure.Kind.PROTOCOL, "unreadable TokenExpiry '" + tokenExpiry + "'");
        }
        return new SessionCache.LoginAttempt(new NicSession(authToken, sek, expiry, refreshAt(expiry)), null);
    }

    /**
     * When to stop using a token. If the margin would already be due (short sandbox tokens, or our clock ahead
     * of the IRP's), keep it a minute rather than logging in on every call; a 1005 still forces a re-login.
     */
    private Instant refreshAt(Instant expiry) {
        Instant now = clock.instant();
        Instant refreshAt = expiry.minus(config.refreshBeforeExpiry());
        return refreshAt.isAfter(now) ? refreshAt : now.plus(Duration.ofMinutes(1));
    }

    private static SessionCache.LoginAttempt failedLogin(NicResult.TransportFailure.Kind kind, String detail) {
        return new SessionCache.LoginAttempt(null, new NicResult.TransportFailure(kind, detail));
    }

    // --- shared reading of answers

    /**
     * A {@code Status} 0 envelope as a result. On the auth call any 1xxx code means the API user, client id or
     * its encryption was refused; on other calls only the credential codes do (token codes are retried first).
     */
    private static NicResult failure(NicEnvelope envelope, boolean fromAuth) {
        List<NicError> errors = envelope.errors();
        if (errors.isEmpty()) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                    "Status " + (envelope.status().isPresent() ? envelope.status().getAsInt() : "missing")
                            + " without ErrorDetails");
        }
        if (fromAuth && errors.stream().anyMatch(error -> error.code() != null && error.code().startsWith("1"))) {
            return new NicResult.AuthFailed(errors);
        }
        boolean duplicate = errors.stream().anyMatch(error -> DUPLICATE_IRN.equals(error.code()));
        if (duplicate) {
            for (InfoDetail info : envelope.info()) {
                if (DUPLICATE_INFO.equalsIgnoreCase(info.code()) && NicEnvelope.text(info.desc(), "Irn") != null) {
                    JsonNode desc = info.desc();
                    JsonNode ackNo = NicEnvelope.field(desc, "AckNo");
                    long ackNumber = ackNo == null ? 0L
                            : ackNo.isNumber() ? ackNo.longValue() : parseLongOrZero(ackNo.asString());
                    return new NicResult.Duplicate(errors, NicEnvelope.text(desc, "Irn"), ackNumber,
                            NicEnvelope.text(desc, "AckDt"));
                }
            }
        }
        boolean tokenRejected = anyCodeIn(errors, TOKEN_REJECTED);
        if (!tokenRejected && anyCodeIn(errors, CREDENTIALS_REFUSED)) {
            return new NicResult.AuthFailed(errors);
        }
        return new NicResult.Rejected(errors, envelope.info());
    }

    private static NicEnvelope envelopeOrNull(HttpResponse<?> response) {
        if (response.statusCode() >= 500) {
            return null;
        }
        try {
            NicEnvelope envelope = NicEnvelope.parse((String) response.body());
            return envelope.status().isPresent() || !envelope.errors().isEmpty() ? envelope : null;
        } catch (NicEnvelope.NotAnEnvelope e) {
            return null;
        }
    }

    private static NicResult notAnEnvelope(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.HTTP_5XX, "HTTP " + status);
        }
        return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.PROTOCOL,
                "HTTP " + status + " without a NIC envelope");
    }

    /** The HTTP response, or a {@link NicResult.TransportFailure} when none arrived. */
    private Object exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.CONNECTION,
                    "connect timed out after " + config.requestTimeout());
        } catch (HttpTimeoutException e) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.TIMEOUT,
                    "no response within " + config.requestTimeout());
        } catch (IOException e) {
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.CONNECTION,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NicResult.TransportFailure(NicResult.TransportFailure.Kind.CONNECTION, "interrupted");
        }
    }

    private static String dataBody(String base64) {
        return NicJson.write(NicJson.tree().createObjectNode().put("Data", base64));
    }

    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean anyCodeIn(List<NicError> errors, Set<String> codes) {
        return errors.stream().anyMatch(error -> error.code() != null && codes.contains(error.code()));
    }

    private static long parseLongOrZero(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }

    private static NicError first(List<NicError> errors) {
        return errors.isEmpty() ? new NicError(null, "refused without ErrorDetails") : errors.get(0);
    }
}
