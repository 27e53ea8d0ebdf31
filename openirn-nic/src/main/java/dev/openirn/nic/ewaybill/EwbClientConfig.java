package dev.openirn.nic.ewaybill;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one e-way bill system.
 *
 * @param baseUrl          the API root, e.g. {@code https://ewb1api.gstsandbox.nic.in/ewaybillapi/v1.03} or a
 *                         sandbox's {@code http://127.0.0.1:9090/ewaybillapi/v1.03}; {@code /auth} and
 *                         {@code /ewayapi} are appended
 * @param ewbEncryptionKey the e-way bill system's RSA public key for the login (not the IRP's key)
 * @param requestTimeout   connect and response timeout of each HTTP call
 * @param tokenLifetime    NIC returns no expiry with the token; it is good for this long (NIC: 360 minutes)
 * @param refreshBeforeExpiry log in again this long before the token's assumed expiry
 */
public record EwbClientConfig(URI baseUrl, String clientId, String clientSecret, PublicKey ewbEncryptionKey,
                              Duration requestTimeout, Duration tokenLifetime, Duration refreshBeforeExpiry) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(360);
    public static final Duration DEFAULT_REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(10);

    public EwbClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(ewbEncryptionKey, "ewbEncryptionKey");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(refreshBeforeExpiry, "refreshBeforeExpiry");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (refreshBeforeExpiry.compareTo(tokenLifetime) >= 0) {
            throw new IllegalArgumentException("refreshBeforeExpiry must be shorter than tokenLifetime");
        }
    }

    public static EwbClientConfig of(URI baseUrl, String clientId, String clientSecret, PublicKey ewbEncryptionKey) {
        return new EwbClientConfig(baseUrl, clientId, clientSecret, ewbEncryptionKey, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_TOKEN_LIFETIME, DEFAULT_REFRESH_BEFORE_EXPIRY);
    }

    public EwbClientConfig withRequestTimeout(Duration timeout) {
        return new EwbClientConfig(baseUrl, clientId, clientSecret, ewbEncryptionKey, timeout, tokenLifetime,
                refreshBeforeExpiry);
    }

    @Override
    public String toString() {
        return "EwbClientConfig[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=***, requestTimeout="
                + requestTimeout + ", tokenLifetime=" + tokenLifetime + "]";
    }
}
