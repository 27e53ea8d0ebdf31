package dev.openirn.nic;

import dev.openirn.gst.nic.NicJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SignedJwtVerifierTest {

    private static final String QR_DATA = "{\"SellerGstin\":\"33AAFCD5862R009\",\"BuyerGstin\":\"29AWGPV7107B1Z1\","
            + "\"DocNo\":\"SJ/JRC/0224/0011\",\"DocTyp\":\"INV\",\"DocDt\":\"01/02/2024\",\"TotInvVal\":12908.00,"
            + "\"ItemCnt\":1,\"MainHsnCode\":\"10019920\","
            + "\"Irn\":\"25ec7145619ec745b7625e11813b024bc41f36f3ca5df8fb035a463cba572e32\",\"IrnDt\":\"2024-02-09 18:30:00\"}";

    private final SignedJwtVerifier verifier = new SignedJwtVerifier(TestSigning.CERTIFICATE);

    @Test
    void thumbprintIsUpperHexSha1OfTheCertificate() {
        // openssl x509 -fingerprint -sha1 of test-irp-signing-cert.pem
        assertThat(SignedJwtVerifier.sha1Thumbprint(TestSigning.CERTIFICATE))
                .isEqualTo("CFD43BB879C65119CB9F8B384CC92DF46BE1CF09");
    }

    @Test
    void acceptsRs256SignedByTheCertificateWithItsThumbprintAsKid() {
        String jws = TestSigning.sign(QR_DATA);

        assertThat(verifier.isValid(jws)).isTrue();
    }

    @Test
    void rejectsKidNamingAnotherCertificate() {
        String jws = TestSigning.sign(QR_DATA, "1513B821EE46C749A63B86E318BF711099287D1F", TestSigning.PRIVATE_KEY);

        assertThatThrownBy(() -> verifier.verify(jws)).isInstanceOf(NicSignatureException.class).hasMessageContaining("kid");
    }

    @Test
    void rejectsASignatureByAnotherKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String jws = TestSigning.sign(QR_DATA, SignedJwtVerifier.sha1Thumbprint(TestSigning.CERTIFICATE),
                generator.generateKeyPair().getPrivate());

        assertThatThrownBy(() -> verifier.verify(jws)).isInstanceOf(NicSignatureException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void rejectsATamperedPayload() {
        String[] parts = TestSigning.sign(QR_DATA).split("\\.");
        String otherPayload = TestSigning.sign(QR_DATA.replace("12908.00", "1.00")).split("\\.")[1];

        assertThat(verifier.isValid(parts[0] + "." + otherPayload + "." + parts[2])).isFalse();
    }

    @Test
    void rejectsGarbage() {
        assertThat(verifier.isValid("not-a-jws")).isFalse();
        assertThat(verifier.isValid(null)).isFalse();
    }

    @Test
    void decodedDataKeepsTheNumberLiteralsAsSigned() {
        JsonNode data = SignedJwtVerifier.decodeData(TestSigning.sign(QR_DATA));

        assertThat(data.path("TotInvVal").decimalValue().toPlainString()).isEqualTo("12908.00");
        assertThat(NicJson.write(data)).isEqualTo(QR_DATA);
    }

    @Test
    void decodesARealNicSandboxQrCodeButDoesNotTrustIt() {
        String nicQr = TestSigning.resource("nic_sandbox_signed_qr_2022.jwt").trim();

        JsonNode data = SignedJwtVerifier.decodeData(nicQr);

        assertThat(data.path("SellerGstin").stringValue()).isEqualTo("09AAJCM7191E1Z5");
        assertThat(data.path("DocNo").stringValue()).isEqualTo("35d7df8d-fce7-49");
        assertThat(data.path("TotInvVal").asString()).isEqualTo("112");
        assertThat(data.path("IrnDt").stringValue()).isEqualTo("2022-09-09 13:33:00");
        assertThat(SignedJwtVerifier.decodeClaims(nicQr).path("iss").stringValue()).isEqualTo("NIC");
        assertThatThrownBy(() -> verifier.verify(nicQr)).hasMessageContaining("EDC57DE1358B300BA9F79340A6696831F3C85047");
    }
}
