package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.gst.nic.NicTimestamps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPersistenceTest {

    @Test
    void keysSessionsAndInvoicesSurviveARestart(@TempDir Path keys) throws Exception {
        String schema = TestDatabase.freshSchema();
        LocalDate today = LocalDate.now(NicTimestamps.IST);
        IrpSandbox config = IrpSandbox.builder().dataSource(TestDatabase.dataSource()).schema(schema).keyDirectory(keys).build();

        RawNicClient client;
        String irn;
        byte[] encryptionKey;
        byte[] certificate;
        try (RunningIrpSandbox first = config.start()) {
            client = new RawNicClient(first, TestInvoices.SELLER);
            client.login();
            irn = client.generate(TestInvoices.b2b("KEEP-1", today)).data().get("Irn").asString();
            encryptionKey = first.encryptionPublicKey().getEncoded();
            certificate = first.signingCertificate().getEncoded();
        }
        assertThat(keys.resolve("encryption.pem")).exists();
        assertThat(Files.readString(keys.resolve("signing-cert.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

        try (RunningIrpSandbox second = config.start()) {
            assertThat(second.encryptionPublicKey().getEncoded()).isEqualTo(encryptionKey);
            assertThat(second.signingCertificate().getEncoded()).isEqualTo(certificate);
            RawNicClient sameSession = new RawNicClient(second, TestInvoices.SELLER);
            sameSession.authToken = client.authToken;
            sameSession.sek = client.sek;
            assertThat(sameSession.get("/eicore/v1.03/Invoice/irn/" + irn).status()).isEqualTo(1);
            assertThat(sameSession.generate(TestInvoices.b2b("KEEP-1", today)).firstErrorCode()).isEqualTo("2150");
        }
    }
}
