package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Signs JWS the way NIC does, with a self-signed test key pair kept in test resources (not NIC's). */
final class TestSigning {

    static final X509Certificate CERTIFICATE = NicClientConfig.parseCertificate(resource("test-irp-signing-cert.pem"));
    static final PrivateKey PRIVATE_KEY = privateKey(resource("test-irp-signing-key.pem"));

    private TestSigning() {
    }

    /** A compact RS256 JWS whose {@code data} claim is {@code dataJson} as a JSON string, like NIC's. */
    static String sign(String dataJson, String kid, PrivateKey key) {
        String claims = NicJson.write(NicJson.tree().createObjectNode().put("data", dataJson).put("iss", "NIC"));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build();
        JWSObject jws = new JWSObject(header, new Payload(claims));
        try {
            jws.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    static String sign(String dataJson) {
        return sign(dataJson, SignedJwtVerifier.sha1Thumbprint(CERTIFICATE), PRIVATE_KEY);
    }

    static String resource(String name) {
        try (InputStream in = TestSigning.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
