package dev.openirn.server.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * AES-256-GCM envelope encryption: each secret gets its own random data key; the data key is stored
 * wrapped (encrypted) by the master key. Both blobs are {@code iv || ciphertext+tag}, bound to the
 * credential id as additional authenticated data so a blob cannot be moved to another row. Also seals the
 * token-signing key.
 */
@Component
public class EnvelopeEncryption {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MasterKey masterKey;

    EnvelopeEncryption(MasterKey masterKey) {
        this.masterKey = masterKey;
    }

    public record Sealed(byte[] ciphertext, byte[] wrappedDataKey, String masterKeyId) {
    }

    public Sealed seal(String credentialId, String secret) {
        byte[] dataKey = new byte[32];
        RANDOM.nextBytes(dataKey);
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] aad = credentialId.getBytes(StandardCharsets.UTF_8);
            byte[] ciphertext = encrypt(new SecretKeySpec(dataKey, "AES"), plain, aad);
            byte[] wrapped = encrypt(masterKey.key(), dataKey, aad);
            return new Sealed(ciphertext, wrapped, masterKey.id());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    public String open(String credentialId, Sealed sealed) {
        if (!masterKey.id().equals(sealed.masterKeyId())) {
            throw new IllegalStateException("Credential " + credentialId + " was encrypted under master key "
                    + sealed.masterKeyId() + " but this node has " + masterKey.id()
                    + "; every node sharing the database needs the same OPENIRN_MASTER_KEY");
        }
        byte[] aad = credentialId.getBytes(StandardCharsets.UTF_8);
        byte[] dataKey = decrypt(masterKey.key(), sealed.wrappedDataKey(), aad);
        try {
            byte[] plain = decrypt(new SecretKeySpec(dataKey, "AES"), sealed.ciphertext(), aad);
            return new String(plain, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * A keyed hash of {@code value} under a key derived from the master key: equal on every node that
     * shares the master key, and useless for guessing {@code value} without it.
     */
    public String tag(String purpose, String value) {
        try {
            javax.crypto.Mac derive = javax.crypto.Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(masterKey.key().getEncoded(), "HmacSHA256"));
            byte[] purposeKey = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(purposeKey, "HmacSHA256"));
            Arrays.fill(purposeKey, (byte) 0);
            return java.util.HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The id of the master key this node seals under. */
    public String masterKeyId() {
        return masterKey.id();
    }

    private static byte[] encrypt(SecretKey key, byte[] plain, byte[] aad) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            byte[] body = cipher.doFinal(plain);
            return ByteBuffer.allocate(iv.length + body.length).put(iv).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private static byte[] decrypt(SecretKey key, byte[] blob, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(blob, IV_BYTES, blob.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored credential could not be decrypted (wrong master key or tampered row)");
        }
    }
}
