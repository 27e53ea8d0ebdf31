package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * NIC's login: the credentials and a fresh AppKey RSA-encrypted with the IRP's key, and the answer's SEK
 * unwrapped with that AppKey into a {@link NicSession}. {@link SessionCache} decides when to call it.
 */
final class NicLogin implements SessionCache.Login {

    static final String AUTH_PATH = "/eivital/v1.04/auth";

    private static final Logger log = LoggerFactory.getLogger(NicLogin.class);

    private final NicClientConfig config;
    private final NicTransport transport;
    private final Clock clock;

    NicLogin(NicClientConfig config, NicTransport transport, Clock clock) {
        this.config = config;
        this.transport = transport;
        this.clock = clock;
    }

    @Override
    public SessionCache.LoginAttempt login(NicCredentials credentials, boolean forceRefresh) {
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
        NicTransport.Exchange answer = transport.login(AUTH_PATH, credentials.gstin(), data);
        if (answer.failure() != null) {
            return new SessionCache.LoginAttempt(null, answer.failure());
        }
        SessionCache.LoginAttempt attempt = readLogin(answer.response(), appKey);
        if (attempt.session() != null) {
            log.info("NIC login for {}/{} ok, token expires {}", credentials.gstin(), credentials.userName(),
                    attempt.session().tokenExpiry());
        } else {
            log.info("NIC login for {}/{} failed: {}", credentials.gstin(), credentials.userName(), attempt.failure());
        }
        return attempt;
    }

    private SessionCache.LoginAttempt readLogin(HttpResponse<String> response, byte[] appKey) {
        NicEnvelope envelope = NicResponses.envelopeOrNull(response);
        if (envelope == null) {
            return new SessionCache.LoginAttempt(null, NicResponses.notAnEnvelope(response));
        }
        if (!envelope.succeeded()) {
            return new SessionCache.LoginAttempt(null, NicResponses.failure(envelope, true));
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
}
