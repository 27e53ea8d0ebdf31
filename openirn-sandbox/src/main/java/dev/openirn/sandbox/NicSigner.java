package dev.openirn.sandbox;

import dev.openirn.gst.nic.NicJson;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs like the IRP: RS256 JWS whose header is {@code alg, kid, x5t, typ} in that order and whose
 * claims are {@code data} (the JSON as a string) then {@code iss}.
 */
final class NicSigner {

    private final RSASSASigner signer;
    private final Base64URL encodedHeader;
    private final String issuer;

    NicSigner(SandboxKeys keys, String issuer) {
        this.signer = new RSASSASigner(keys.signingKey());
        this.issuer = issuer;
        ObjectNode header = NicJson.object();
        header.put("alg", "RS256");
        header.put("kid", keys.kid());
        header.put("x5t", keys.x5t());
        header.put("typ", "JWT");
        // Encoded once from our own JSON so the member order is NIC's, not the library's.
        this.encodedHeader = Base64URL.encode(NicJson.write(header));
    }

    String sign(ObjectNode data) {
        ObjectNode claims = NicJson.object();
        claims.put("data", NicJson.write(data));
        claims.put("iss", issuer);
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(encodedHeader), new Payload(NicJson.write(claims)));
            jws.sign(signer);
            return jws.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Cannot sign with the sandbox key", e);
        }
    }
}
