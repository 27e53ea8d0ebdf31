package dev.openirn.nic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NicValuesTest {

    @Test
    void credentialsNeverPrintThePassword() {
        NicCredentials credentials = new NicCredentials("29AWGPV7107B1Z1", "apiuser", "S3cret!pw");

        assertThat(credentials.toString()).contains("apiuser").doesNotContain("S3cret!pw");
    }

    @Test
    void configNeverPrintsTheClientSecret() throws Exception {
        NicClientConfig config = NicClientConfig.of(URI.create("http://127.0.0.1:1"), "client", "very-secret",
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic());

        assertThat(config.toString()).contains("client").doesNotContain("very-secret");
    }

    @Test
    void publicKeyParsesFromPemBareBase64AndCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PublicKey key = generator.generateKeyPair().getPublic();
        String base64 = Base64.getEncoder().encodeToString(key.getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        assertThat(NicClientConfig.parsePublicKey(pem)).isEqualTo(key);
        assertThat(NicClientConfig.parsePublicKey(base64)).isEqualTo(key);
        assertThat(NicClientConfig.parsePublicKey(TestSigning.resource("test-irp-signing-cert.pem")))
                .isEqualTo(TestSigning.CERTIFICATE.getPublicKey());
    }
}
