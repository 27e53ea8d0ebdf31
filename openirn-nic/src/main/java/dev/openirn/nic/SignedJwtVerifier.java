package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies NIC's {@code SignedInvoice} / {@code SignedQRCode}: RS256 over the compact JWS, signed by the
 * configured IRP certificate, whose SHA-1 thumbprint (upper-case hex) must equal the header {@code kid}.
 * Certificate validity dates are not checked: NIC rotates certificates and old documents stay valid.
 */
public final class SignedJwtVerifier {

    private final X509Certificate certificate;
    private final String thumbprint;
    private final RSASSAVerifier verifier;

    public SignedJwtVerifier(X509Certificate certificate) {
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsaKey)) {
            throw new IllegalArgumentException("the IRP signing certificate must carry an RSA key");
        }
        this.certificate = certificate;
        this.thumbprint = sha1Thumbprint(certificate);
        this.verifier = new RSASSAVerifier(rsaKey);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The upper-case hex SHA-1 of the certificate's DER encoding: what NIC puts in {@code kid}. */
    public static String sha1Thumbprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint the certificate", e);
        }
    }

    /** @throws NicSignatureException when the token is malformed, not RS256, names another key or does not verify */
    public void verify(String jws) {
        JWSObject object = parse(jws);
        if (!JWSAlgorithm.RS256.equals(object.getHeader().getAlgorithm())) {
            throw new NicSignatureException("alg is " + object.getHeader().getAlgorithm() + ", expected RS256");
        }
        String kid = object.getHeader().getKeyID();
        if (kid == null || !kid.equalsIgnoreCase(thumbprint)) {
            throw new NicSignatureException("kid " + kid + " does not match the configured certificate " + thumbprint);
        }
        try {
            if (!object.verify(verifier)) {
                throw new NicSignatureException("RS256 signature does not verify against certificate " + thumbprint);
            }
        } catch (JOSEException e) {
            throw new NicSignatureException("RS256 verification failed", e);
        }
    }

    public boolean isValid(String jws) {
        try {
            verify(jws);
            return true;
        } catch (NicSignatureException e) {
            return false;
        }
    }

    /**
     * The {@code data} claim parsed to JSON, without verifying. NIC sends it as a JSON string holding JSON;
     * numbers keep their literal scale ({@code 100.0} stays {@code 100.0}).
     */
    public static JsonNode decodeData(String jws) {
        JsonNode claims = decodeClaims(jws);
        JsonNode data = claims.path("data");
        if (data.isString()) {
            try {
                return NicJson.parse(data.stringValue());
            } catch (JacksonException e) {
                throw new NicSignatureException("data claim is not JSON text", e);
            }
        }
        if (data.isObject()) {
            return data;
        }
        throw new NicSignatureException("JWS has no data claim");
    }

    /** The whole claim set ({@code iss}, {@code data}) as JSON, parsed by us so number literals survive. */
    public static JsonNode decodeClaims(String jws) {
        String[] parts = jws == null ? new String[0] : jws.trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new NicSignatureException("not a compact JWS (expected 3 segments)");
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            return NicJson.parse(payload);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new NicSignatureException("JWS payload is not Base64url JSON", e);
        }
    }

    private static JWSObject parse(String jws) {
        try {
            return JWSObject.parse(jws == null ? "" : jws.trim());
        } catch (ParseException e) {
            throw new NicSignatureException("not a compact JWS", e);
        }
    }
}
