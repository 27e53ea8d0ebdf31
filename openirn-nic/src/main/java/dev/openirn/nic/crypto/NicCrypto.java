package dev.openirn.nic.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two ciphers of the NIC IRP protocol: RSA/PKCS#1 v1.5 for the login payload,
 * AES-256-ECB/PKCS#7 with the AppKey (for the SEK) or the SEK (for every other body). ECB is NIC's
 * choice, not ours; it is used nowhere else.
 */
public final class NicCrypto {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String AES = "AES/ECB/PKCS5Padding";
    private static final String RSA = "RSA/ECB/PKCS1Padding";

    private NicCrypto() {
    }

    /** A fresh 32-byte key: an AppKey for a login, or a SEK on the IRP side. */
    public static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public static byte[] aesEncrypt(byte[] key, byte[] plain) {
        return aes(Cipher.ENCRYPT_MODE, key, plain);
    }

    public static byte[] aesDecrypt(byte[] key, byte[] cipherText) {
        return aes(Cipher.DECRYPT_MODE, key, cipherText);
    }

    /** JSON text to the {@code Data} value of a request or response. */
    public static String encryptJson(byte[] sek, String json) {
        return Base64.getEncoder().encodeToString(aesEncrypt(sek, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The {@code Data} value back to JSON text; throws {@link NicCryptoException} if it is not ours. */
    public static String decryptJson(byte[] sek, String base64) {
        try {
            return new String(aesDecrypt(sek, Base64.getDecoder().decode(base64)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NicCryptoException("Data is not valid Base64", e);
        }
    }

    public static String rsaEncrypt(PublicKey publicKey, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance(RSA);
            cipher.init(Cipher.ENCRYPT_MODE, publicKey);
            return Base64.getEncoder().encodeToString(cipher.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new NicCryptoException("RSA encryption failed", e);
        }
    }

    public static byte[] rsaDecrypt(PrivateKey privateKey, String base64) {
        try {
            Cipher cipher = Cipher.getInstance(RSA);
            cipher.init(Cipher.DECRYPT_MODE, privateKey);
            return cipher.doFinal(Base64.getDecoder().decode(base64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new NicCryptoException("RSA decryption failed", e);
        }
    }

    private static byte[] aes(int mode, byte[] key, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(AES);
            cipher.init(mode, new SecretKeySpec(key, "AES"));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new NicCryptoException("AES-256-ECB failed", e);
        }
    }
}
