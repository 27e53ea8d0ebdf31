package dev.openirn.sandbox;

import dev.openirn.gst.Gstin;
import dev.openirn.gst.nic.NicJson;
import dev.openirn.gst.nic.NicTimestamps;
import dev.openirn.nic.NicError;
import dev.openirn.nic.crypto.NicCrypto;
import dev.openirn.nic.crypto.NicCryptoException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * NIC's auth API (sessions with a token and a SEK) and the checks every other API makes before it does anything:
 * client id and secret, GSTIN and user headers, the token, and the AES-encrypted body.
 */
final class SandboxAuth {

    private static final Duration REFRESH_WINDOW = Duration.ofMinutes(10);
    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    final AtomicLong authCalls = new AtomicLong();

    private final IrpSandbox config;
    private final SandboxStore store;
    private final SandboxKeys keys;
    private final Clock clock;

    SandboxAuth(IrpSandbox config, SandboxStore store, SandboxKeys keys) {
        this.config = config;
        this.store = store;
        this.keys = keys;
        this.clock = config.clock;
    }

    Reply authenticate(SandboxRequest request) {
        authCalls.incrementAndGet();
        Optional<NicError> clientError = checkClient(request);
        if (clientError.isPresent()) {
            return Reply.nicFailure(clientError.get());
        }
        String gstin = request.header("Gstin");
        if (gstin == null) {
            return Reply.nicFailure(NicError.HEADER_GSTIN_REQUIRED);
        }
        String data = request.data();
        if (data == null) {
            return Reply.nicFailure(NicError.DATA_EMPTY);
        }
        byte[] decrypted;
        try {
            decrypted = NicCrypto.rsaDecrypt(keys.decryptionKey(), data);
        } catch (NicCryptoException e) {
            return Reply.nicFailure(NicError.PASSWORD_DECRYPTION_FAILED);
        }
        JsonNode credentials;
        try {
            // The client Base64-encodes the JSON before encrypting it.
            credentials = NicJson.parse(new String(Base64.getDecoder().decode(
                    new String(decrypted, StandardCharsets.UTF_8).trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            return Reply.nicFailure(NicError.AUTHENTICATION_FAILED);
        }
        String userName = SandboxRequest.text(credentials, "UserName");
        String password = SandboxRequest.text(credentials, "Password");
        if (userName == null || password == null) {
            return Reply.nicFailure(NicError.INVALID_LOGIN);
        }
        byte[] appKey;
        try {
            String encodedAppKey = SandboxRequest.text(credentials, "AppKey");
            appKey = encodedAppKey == null ? new byte[0] : Base64.getDecoder().decode(encodedAppKey);
        } catch (IllegalArgumentException e) {
            appKey = new byte[0];
        }
        if (appKey.length != 32) {
            return Reply.nicFailure(NicError.APP_KEY_DECRYPTION_FAILED);
        }
        if (!Gstin.hasValidFormat(gstin)) {
            return Reply.nicFailure(NicError.INVALID_GSTIN_FOR_USER);
        }
        Optional<NicError> userError = checkUser(gstin, userName, password);
        if (userError.isPresent()) {
            return Reply.nicFailure(userError.get());
        }
        JsonNode forceRefreshNode = SandboxRequest.field(credentials, "ForceRefreshAccessToken");
        boolean forceRefresh = forceRefreshNode != null && forceRefreshNode.asBoolean(false);
        SandboxStore.Session session = sessionFor(request.header("client_id", "client-id"), userName, gstin, forceRefresh);

        ObjectNode result = NicJson.object();
        result.put("ClientId", session.clientId());
        result.put("UserName", session.userName());
        result.put("AuthToken", session.authToken());
        // The same SEK for the life of the token, wrapped with whichever AppKey asked this time.
        result.put("Sek", Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(appKey, session.sek())));
        result.put("TokenExpiry", NicTimestamps.format(session.expiresAt()));
        return Reply.nicSuccess(result);
    }

    /** Header and token checks of every API but auth. */
    Authorization authorize(SandboxRequest request) {
        Optional<NicError> clientError = checkClient(request);
        if (clientError.isPresent()) {
            return Reply.nicFailure(clientError.get());
        }
        String gstin = request.header("Gstin");
        if (gstin == null) {
            return Reply.nicFailure(NicError.HEADER_GSTIN_REQUIRED);
        }
        String userName = request.header("user_name", "user-name", "username");
        if (userName == null) {
            return Reply.nicFailure(NicError.USER_NAME_REQUIRED);
        }
        String token = request.header("AuthToken", "auth-token");
        Optional<SandboxStore.Session> session = token == null ? Optional.empty() : store.session(token);
        if (session.isEmpty() || !session.get().expiresAt().isAfter(clock.instant())
                || !session.get().clientId().equals(request.header("client_id", "client-id"))
                || !session.get().userName().equals(userName)) {
            return Reply.nicFailure(NicError.INVALID_TOKEN);
        }
        if (!session.get().gstin().equals(gstin)) {
            return Reply.nicFailure(NicError.INVALID_GSTIN_FOR_USER);
        }
        return new Authorization.Authorized(session.get());
    }

    /** {@code call}'s reply to an authorized request whose body decrypts to a JSON object; the refusal otherwise. */
    Reply withBody(SandboxRequest request, BiFunction<SandboxStore.Session, JsonNode, Reply> call) {
        return authorize(request).then(session -> {
            String data = request.data();
            if (data == null) {
                return Reply.nicFailure(NicError.PAYLOAD_EMPTY);
            }
            JsonNode json;
            try {
                json = NicJson.parse(NicCrypto.decryptJson(session.sek(), data));
            } catch (NicCryptoException | JacksonException e) {
                // NIC documents no code for an undecryptable body; its generic system error is the closest.
                return Reply.nicFailure(NicError.APPLICATION_ERROR);
            }
            return json.isObject() ? call.apply(session, json) : Reply.nicFailure(NicError.APPLICATION_ERROR);
        });
    }

    /** An answer's {@code Data}: the JSON encrypted with the session's SEK. */
    static StringNode encrypted(SandboxStore.Session session, ObjectNode data) {
        return StringNode.valueOf(NicCrypto.encryptJson(session.sek(), NicJson.write(data)));
    }

    private SandboxStore.Session sessionFor(String clientId, String userName, String gstin, boolean forceRefresh) {
        Instant now = clock.instant();
        Optional<SandboxStore.Session> live = store.liveSession(clientId, userName, gstin, now);
        if (live.isPresent()) {
            boolean inRefreshWindow = !now.isBefore(live.get().expiresAt().minus(REFRESH_WINDOW));
            if (!(forceRefresh && inRefreshWindow)) {
                return live.get();
            }
            store.expireSession(live.get().authToken(), now);
        }
        SandboxStore.Session session = new SandboxStore.Session(newToken(), clientId, userName, gstin,
                NicCrypto.newKey(), now, now.plus(config.tokenTtl).truncatedTo(ChronoUnit.SECONDS));
        store.saveSession(session);
        return session;
    }

    Optional<NicError> checkUser(String gstin, String userName, String password) {
        Map<String, String> registered = store.usersOf(gstin);
        if (!registered.isEmpty()) {
            String hash = registered.get(userName);
            if (hash == null) {
                return Optional.of(NicError.UNKNOWN_USER);
            }
            return SandboxStore.passwordMatches(password, hash) ? Optional.empty() : Optional.of(NicError.INCORRECT_PASSWORD);
        }
        if (config.profile == SandboxProfile.STRICT || !config.defaultUserName.equals(userName)) {
            return Optional.of(NicError.UNKNOWN_USER);
        }
        return config.defaultPassword.equals(password) ? Optional.empty() : Optional.of(NicError.INCORRECT_PASSWORD);
    }

    private Optional<NicError> checkClient(SandboxRequest request) {
        String clientId = request.header("client_id", "client-id");
        if (clientId == null) {
            return Optional.of(NicError.CLIENT_ID_REQUIRED);
        }
        String clientSecret = request.header("client_secret", "client-secret");
        if (clientSecret == null) {
            return Optional.of(NicError.CLIENT_SECRET_REQUIRED);
        }
        if (!config.clientId.equals(clientId) || !config.clientSecret.equals(clientSecret)) {
            return Optional.of(NicError.INVALID_CLIENT);
        }
        return Optional.empty();
    }

    private static String newToken() {
        StringBuilder token = new StringBuilder(25);
        for (int i = 0; i < 25; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }
}
