package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.nic.crypto.NicCrypto;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The known-answer vectors of shared/nic/crypto_test_vectors.json against our NicCrypto. */
class NicCryptoVectorsTest {

    private static final JsonNode VECTORS = NicJson.parse(TestSigning.resource("crypto_test_vectors.json"));

    private static byte[] hex(String field) {
        return HexFormat.of().parseHex(VECTORS.path(field).stringValue());
    }

    private static String text(String field) {
        return VECTORS.path(field).stringValue();
    }

    @Test
    void appKeyAndSekBase64MatchTheirHex() {
        assertThat(Base64.getEncoder().encodeToString(hex("app_key_hex"))).isEqualTo(text("app_key_base64"));
        assertThat(Base64.getEncoder().encodeToString(hex("sek_hex"))).isEqualTo(text("sek_base64"));
    }

    @Test
    void authSekFieldDecryptsWithTheAppKeyToTheSek() {
        byte[] sekField = Base64.getDecoder().decode(text("auth_Sek_field__AES256ECB_PKCS7_appkey_of_sek__base64"));

        assertThat(NicCrypto.aesDecrypt(hex("app_key_hex"), sekField)).isEqualTo(hex("sek_hex"));
        assertThat(Base64.getEncoder().encodeToString(NicCrypto.aesEncrypt(hex("app_key_hex"), hex("sek_hex"))))
                .isEqualTo(text("auth_Sek_field__AES256ECB_PKCS7_appkey_of_sek__base64"));
    }

    @Test
    void cancelRequestEncryptsToTheVector() {
        assertThat(NicCrypto.encryptJson(hex("sek_hex"), text("cancel_request_plain_json")))
                .isEqualTo(text("cancel_request_Data__AES256ECB_PKCS7_sek__base64"));
    }

    @Test
    void cancelResponseDecryptsFromTheVector() {
        assertThat(NicCrypto.decryptJson(hex("sek_hex"), text("cancel_response_Data__AES256ECB_PKCS7_sek__base64")))
                .isEqualTo(text("cancel_response_plain_json"));
    }

    @Test
    void credentialsAreBase64EncodedBeforeRsaAndFitOneRsaBlock() throws Exception {
        String credentials = text("auth_credentials_json_example");
        String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        assertThat(encoded).isEqualTo(text("auth_credentials_base64_to_be_RSA_encrypted"));
        assertThat(encoded.length()).isLessThanOrEqualTo(245);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String cipherText = NicCrypto.rsaEncrypt(keys.getPublic(), encoded.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64.getDecoder().decode(cipherText)).hasSize(256);
        assertThat(new String(NicCrypto.rsaDecrypt(keys.getPrivate(), cipherText), StandardCharsets.US_ASCII))
                .isEqualTo(encoded);
    }
}
