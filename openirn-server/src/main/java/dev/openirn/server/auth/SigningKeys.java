package dev.openirn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The RSA key pair access tokens are signed with, generated once and kept in PostgreSQL so that
 * tokens survive a restart and every node verifies every other node's tokens.
 */
@Component
public class SigningKeys {

    private static final String ACCESS_TOKEN = "access-token";

    private final JdbcClient jdbc;
    private volatile RSAKey accessTokenKey;

    public SigningKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public RSAKey accessTokenKey() {
        RSAKey key = accessTokenKey;
        if (key == null) {
            synchronized (this) {
                if (accessTokenKey == null) {
                    accessTokenKey = loadOrCreate(ACCESS_TOKEN);
                }
                key = accessTokenKey;
            }
        }
        return key;
    }

    private RSAKey loadOrCreate(String purpose) {
        try {
            var stored = find(purpose);
            if (stored.isPresent()) {
                return RSAKey.parse(stored.get());
            }
            RSAKey candidate = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            // First node to insert wins; everyone then reads the winner's key.
            jdbc.sql("insert into signing_key (id, purpose, jwk) values (:id, :purpose, :jwk) on conflict (purpose) do nothing")
                    .param("id", candidate.getKeyID())
                    .param("purpose", purpose)
                    .param("jwk", candidate.toJSONString())
                    .update();
            return RSAKey.parse(find(purpose).orElseThrow());
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Cannot load or create the " + purpose + " signing key", e);
        }
    }

    private java.util.Optional<String> find(String purpose) {
        return jdbc.sql("select jwk from signing_key where purpose = :purpose")
                .param("purpose", purpose).query(String.class).optional();
    }
}
