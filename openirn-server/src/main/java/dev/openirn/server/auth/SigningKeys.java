package dev.openirn.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.openirn.server.secrets.EnvelopeEncryption;
import java.text.ParseException;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The RSA key pair access tokens are signed with, generated once and kept in PostgreSQL so that
 * tokens survive a restart and every node verifies every other node's tokens. The private key is stored
 * sealed under the master key, so the database alone does not let anyone mint tokens.
 */
@Component
public class SigningKeys {

    private static final String ACCESS_TOKEN = "access-token";

    private final JdbcClient jdbc;
    private final EnvelopeEncryption encryption;
    private volatile RSAKey accessTokenKey;

    public SigningKeys(JdbcClient jdbc, EnvelopeEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
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
                return open(stored.get());
            }
            RSAKey candidate = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            EnvelopeEncryption.Sealed sealed = encryption.seal(associatedData(candidate.getKeyID()), candidate.toJSONString());
            // First node to insert wins; everyone then reads the winner's key.
            jdbc.sql("insert into signing_key (id, purpose, sealed_jwk, wrapped_data_key, master_key_id) "
                            + "values (:id, :purpose, :sealed, :wrapped, :masterKeyId) on conflict (purpose) do nothing")
                    .param("id", candidate.getKeyID())
                    .param("purpose", purpose)
                    .param("sealed", sealed.ciphertext())
                    .param("wrapped", sealed.wrappedDataKey())
                    .param("masterKeyId", sealed.masterKeyId())
                    .update();
            return open(find(purpose).orElseThrow());
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException("Cannot load or create the " + purpose + " signing key", e);
        }
    }

    /** The key of a row; a clear key stored by an older version is sealed in place first. */
    private RSAKey open(StoredKey stored) throws ParseException {
        if (stored.sealed() == null) {
            RSAKey clear = RSAKey.parse(stored.clearJwk());
            EnvelopeEncryption.Sealed sealed = encryption.seal(associatedData(stored.id()), stored.clearJwk());
            jdbc.sql("update signing_key set sealed_jwk = :sealed, wrapped_data_key = :wrapped, master_key_id = :masterKeyId, "
                            + "jwk = null where id = :id and sealed_jwk is null")
                    .param("sealed", sealed.ciphertext())
                    .param("wrapped", sealed.wrappedDataKey())
                    .param("masterKeyId", sealed.masterKeyId())
                    .param("id", stored.id())
                    .update();
            return clear;
        }
        return RSAKey.parse(encryption.open(associatedData(stored.id()), stored.sealed()));
    }

    /** Binds the sealed key to its row, apart from any credential sealed with the same master key. */
    private static String associatedData(String keyId) {
        return "signing-key:" + keyId;
    }

    private java.util.Optional<StoredKey> find(String purpose) {
        return jdbc.sql("select id, jwk, sealed_jwk, wrapped_data_key, master_key_id from signing_key where purpose = :purpose")
                .param("purpose", purpose)
                .query((rs, n) -> new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3) == null ? null
                        : new EnvelopeEncryption.Sealed(rs.getBytes(3), rs.getBytes(4), rs.getString(5))))
                .optional();
    }

    private record StoredKey(String id, String clearJwk, EnvelopeEncryption.Sealed sealed) {
    }
}
