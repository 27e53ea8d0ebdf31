package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.openirn.nic.NicClientConfig;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates of other IRPs become trusted through openirn.tools.trusted-irp-certificates, and only then. */
class IrpSignaturesTest {

    @TempDir
    static Path directory;

    private static X509Certificate otherIrpCertificate;
    private static PrivateKey otherIrpKey;
    private static Path pemFile;

    /** A key pair and self-signed certificate of "another IRP", made by the JDK's keytool. */
    @BeforeAll
    static void anotherIrp() throws Exception {
        Path keystore = directory.resolve("other-irp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "irp", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Other IRP, O=Test",
                "-validity", "30", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        otherIrpKey = (PrivateKey) store.getKey("irp", "changeit".toCharArray());
        otherIrpCertificate = (X509Certificate) store.getCertificate("irp");
        pemFile = directory.resolve("other-irp.pem");
        Files.writeString(pemFile, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(otherIrpCertificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    @Test
    void aDocumentOfAnotherIrpVerifiesOnlyOnceItsCertificateIsTrusted() throws Exception {
        String thumbprint = HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-1").digest(otherIrpCertificate.getEncoded()));
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(thumbprint).type(JOSEObjectType.JWT).build(),
                new Payload("{\"data\":\"{\\\"SellerGstin\\\":\\\"29ABCDE1234F1Z5\\\",\\\"TotInvVal\\\":100.50}\",\"iss\":\"Other IRP\"}"));
        jws.sign(new RSASSASigner(otherIrpKey));
        String signed = jws.serialize();

        IrpSignatures.SignedDocument untrusted = signatures(List.of()).read(signed);
        assertThat(untrusted.signature().valid()).isFalse();
        assertThat(untrusted.signature().keyId()).isEqualTo(thumbprint);
        assertThat(untrusted.signature().reason()).contains("not among the IRP signing certificates");

        IrpSignatures.SignedDocument trusted = signatures(List.of(pemFile)).read(signed);
        assertThat(trusted.signature().valid()).isTrue();
        assertThat(trusted.signature().signedBy()).isEqualTo(otherIrpCertificate.getSubjectX500Principal().getName());
        assertThat(trusted.issuer()).isEqualTo("Other IRP");
        assertThat(trusted.dataJson()).isEqualTo("{\"SellerGstin\":\"29ABCDE1234F1Z5\",\"TotInvVal\":100.50}");
    }

    @Test
    void anUnreadableCertificateFileStopsStartupNamingTheSetting() throws Exception {
        Path notPem = Files.writeString(directory.resolve("not-a-certificate.pem"), "hello");
        assertThatThrownBy(() -> signatures(List.of(notPem))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openirn.tools.trusted-irp-certificates").hasMessageContaining(notPem.toString());
        assertThatThrownBy(() -> signatures(List.of(directory.resolve("missing.pem")))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openirn.tools.trusted-irp-certificates");
    }

    /** An IRP endpoint that knows no signing certificate of its own, plus {@code files}. */
    private static IrpSignatures signatures(List<Path> files) {
        IrpEndpoint endpoint = new IrpEndpoint(NicClientConfig.of(URI.create("http://127.0.0.1:9"), "client", "secret",
                otherIrpCertificate.getPublicKey()), false, null, null);
        return new IrpSignatures(new IrpEndpoints(endpoint, endpoint), new TrustedIrpCertificates(files));
    }
}
