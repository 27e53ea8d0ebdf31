package dev.openirn.nic;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How to reach one IRP.
 *
 * @param baseUrl            e.g. {@code https://einv-apisandbox.nic.in} or a loopback sandbox; paths are appended
 * @param irpEncryptionKey   the IRP's RSA public key for the login payload
 * @param signingCertificate the IRP's JWS signing certificate; when set, every SignedInvoice/SignedQRCode is
 *                           verified and a mismatch is reported as {@link NicResult.SignatureInvalid}; null: not checked
 * @param requestTimeout     connect and response timeout of each HTTP call
 * @param refreshBeforeExpiry log in again this long before {@code TokenExpiry}
 */
public record NicClientConfig(URI baseUrl, String clientId, String clientSecret, PublicKey irpEncryptionKey,
                              X509Certificate signingCertificate, Duration requestTimeout,
                              Duration refreshBeforeExpiry) {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** NIC lets {@code ForceRefreshAccessToken} renew only in the last 10 minutes. */
    public static final Duration DEFAULT_REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(10);

    public NicClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(irpEncryptionKey, "irpEncryptionKey");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(refreshBeforeExpiry, "refreshBeforeExpiry");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (refreshBeforeExpiry.isNegative()) {
            throw new IllegalArgumentException("refreshBeforeExpiry must not be negative");
        }
    }

    /** Default timeouts, no signature verification. */
    public static NicClientConfig of(URI baseUrl, String clientId, String clientSecret, PublicKey irpEncryptionKey) {
        return new NicClientConfig(baseUrl, clientId, clientSecret, irpEncryptionKey, null,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_REFRESH_BEFORE_EXPIRY);
    }

    public NicClientConfig withSigningCertificate(X509Certificate certificate) {
        return new NicClientConfig(baseUrl, clientId, clientSecret, irpEncryptionKey, certificate,
                requestTimeout, refreshBeforeExpiry);
    }

    /**
     * An RSA public key from PEM ({@code -----BEGIN PUBLIC KEY-----}), bare Base64 of the X.509
     * SubjectPublicKeyInfo (how NIC hands it out), or a certificate PEM (its key is taken).
     */
    public static PublicKey parsePublicKey(String pem) {
        if (pem.contains("BEGIN CERTIFICATE")) {
            return parseCertificate(pem).getPublicKey();
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM or Base64 form", e);
        }
    }

    /** An X.509 certificate from PEM or bare Base64 DER (NIC publishes {@code .cer} files in both forms). */
    public static X509Certificate parseCertificate(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pemBody(pem)));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an X.509 certificate in PEM or Base64 form", e);
        }
    }

    private static byte[] pemBody(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    @Override
    public String toString() {
        return "NicClientConfig[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=***"
                + ", signingCertificate=" + (signingCertificate == null ? "none" : signingCertificate.getSubjectX500Principal())
                + ", requestTimeout=" + requestTimeout + ", refreshBeforeExpiry=" + refreshBeforeExpiry + "]";
    }
}
