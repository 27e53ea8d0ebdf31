package dev.openirn.server.irp;

import dev.openirn.gst.nic.NicJson;
import dev.openirn.nic.NicSignatureException;
import dev.openirn.nic.SignedJwtVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads and verifies documents an IRP signed (a {@code SignedQRCode} or a {@code SignedInvoice}):
 * RS256 against the IRP certificate whose SHA-1 thumbprint the header names in {@code kid}. Trusted
 * are the bundled sandbox's certificate, the live IRP's configured one
 * ({@code openirn.irp.signing-certificate-pem}) and the files in {@code openirn.tools.trusted-irp-certificates}.
 * A signature that does not verify is an answer ({@link Check#valid()} false, with the reason), not an error.
 */
@Component
public class IrpSignatures {

    private static final Logger log = LoggerFactory.getLogger(IrpSignatures.class);

    /** The verdict on one signature; {@code signedBy} is the verifying certificate's subject. */
    public record Check(boolean valid, String signedBy, String keyId, String reason) {
    }

    /**
     * A signed document's content, verified or not: {@code issuer} is the {@code iss} claim and
     * {@code dataJson} the {@code data} claim exactly as the IRP signed it.
     */
    public record SignedDocument(String issuer, String dataJson, JsonNode data, Check signature) {
    }

    /** The text is not an IRP-signed document at all: not a compact JWS, or one without a JSON {@code data} claim. */
    public static final class NotASignedDocumentException extends RuntimeException {
        NotASignedDocumentException(String message) {
            super(message);
        }
    }

    private record TrustedKey(String source, String subject, SignedJwtVerifier verifier) {
    }

    private final Map<String, TrustedKey> keysByThumbprint = new LinkedHashMap<>();

    IrpSignatures(IrpEndpoints endpoints, TrustedIrpCertificates trusted) {
        for (IrpEndpoint endpoint : endpoints.distinct()) {
            X509Certificate certificate = endpoint.config().signingCertificate();
            if (certificate != null) {
                trust(endpoint.sandbox() ? "the bundled IRP sandbox" : "the signing certificate of IRP " + endpoint.name(), certificate);
            }
        }
        for (Path file : trusted.trustedIrpCertificates()) {
            for (X509Certificate certificate : readCertificates(file)) {
                trust(file.toString(), certificate);
            }
        }
        log.info("Signed QR codes and invoices are verified against IRP certificates {}", keysByThumbprint.keySet());
    }

    private void trust(String source, X509Certificate certificate) {
        SignedJwtVerifier verifier = new SignedJwtVerifier(certificate);
        keysByThumbprint.putIfAbsent(SignedJwtVerifier.sha1Thumbprint(certificate),
                new TrustedKey(source, certificate.getSubjectX500Principal().getName(), verifier));
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException("openirn.tools.trusted-irp-certificates: " + file + " holds no certificate");
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("openirn.tools.trusted-irp-certificates: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The document in {@code compact} with the verdict on its signature.
     *
     * @throws NotASignedDocumentException when {@code compact} is not a JWS with a JSON {@code data} claim
     */
    public SignedDocument read(String compact) {
        String token = compact == null ? "" : compact.trim();
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3 || segments[0].isEmpty() || segments[1].isEmpty() || segments[2].isEmpty()) {
            throw new NotASignedDocumentException("is not a signed document: expected a compact JWS, three Base64url "
                    + "segments separated by dots");
        }
        JsonNode header = base64UrlJson(segments[0], "header");
        JsonNode claims;
        try {
            claims = SignedJwtVerifier.decodeClaims(token);
        } catch (NicSignatureException e) {
            throw new NotASignedDocumentException("is not a signed document: its payload is not Base64url-encoded JSON");
        }
        if (!claims.isObject()) {
            throw new NotASignedDocumentException("is not a signed document: its payload is not a JSON object");
        }
        JsonNode dataClaim = claims.path("data");
        String dataJson;
        JsonNode data;
        if (dataClaim.isString()) {
            dataJson = dataClaim.stringValue();
            try {
                data = NicJson.parse(dataJson);
            } catch (JacksonException e) {
                throw new NotASignedDocumentException("is not an IRP-signed document: its data claim is not JSON");
            }
        } else if (dataClaim.isObject()) {
            data = dataClaim;
            dataJson = NicJson.write(dataClaim);
        } else {
            throw new NotASignedDocumentException("is not an IRP-signed document: it has no data claim");
        }
        if (!data.isObject()) {
            throw new NotASignedDocumentException("is not an IRP-signed document: its data claim is not a JSON object");
        }
        JsonNode kid = header.path("kid");
        String keyId = kid.isString() ? kid.stringValue() : null;
        JsonNode issuer = claims.path("iss");
        return new SignedDocument(issuer.isString() ? issuer.stringValue() : null, dataJson, data, check(token, keyId));
    }

    private Check check(String token, String keyId) {
        if (keyId == null || keyId.isBlank()) {
            return new Check(false, null, null, "The header names no signing key (kid), so no IRP certificate can verify it.");
        }
        TrustedKey key = keysByThumbprint.get(keyId.toUpperCase(Locale.ROOT));
        if (key == null) {
            return new Check(false, null, keyId, "Signed with key " + keyId + ", which is not among the IRP signing "
                    + "certificates this server trusts " + keysByThumbprint.keySet() + "; add the IRP's certificate to "
                    + "openirn.tools.trusted-irp-certificates if the document comes from it.");
        }
        try {
            key.verifier().verify(token);
            return new Check(true, key.subject(), keyId, null);
        } catch (NicSignatureException e) {
            return new Check(false, null, keyId, "The signature does not match the signed content (altered, or not "
                    + "signed by the IRP certificate from " + key.source() + "): " + e.getMessage());
        }
    }

    private static JsonNode base64UrlJson(String segment, String name) {
        try {
            JsonNode node = NicJson.parse(new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw new NotASignedDocumentException("is not a signed document: its " + name + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | JacksonException e) {
            throw new NotASignedDocumentException("is not a signed document: its " + name + " is not Base64url-encoded JSON");
        }
    }
}
