package dev.openirn.sandbox;

import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.nic.SignedJwtVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * A small, complete NIC client session against a running sandbox: log in, generate an IRN, verify
 * its signature, read it back by IRN. Run it next to the standalone sandbox:
 * {@code java -cp openirn-sandbox-<v>-standalone.jar dev.openirn.sandbox.ClientExample http://127.0.0.1:9090}
 */
public final class ClientExample {

    private ClientExample() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:9090";
        HttpClient http = HttpClient.newHttpClient();
        // The sandbox publishes its login-encryption key and its signing certificate, as NIC does.
        String encryptionPem = fetch(http, baseUrl + "/sandbox/keys/encryption.pem");
        X509Certificate signingCertificate = NicClientConfig.parseCertificate(fetch(http, baseUrl + "/sandbox/keys/signing-cert.pem"));
        NicClient client = new NicClient(NicClientConfig.of(URI.create(baseUrl), IrpSandbox.DEFAULT_CLIENT_ID,
                IrpSandbox.DEFAULT_CLIENT_SECRET, NicClientConfig.parsePublicKey(encryptionPem))
                .withSigningCertificate(signingCertificate));
        NicCredentials credentials = new NicCredentials("29AAACP7879D1Z0", IrpSandbox.DEFAULT_USER_NAME,
                IrpSandbox.DEFAULT_PASSWORD);

        String documentNumber = "EX-" + (System.currentTimeMillis() % 1_000_000_000L);
        NicResult generated = client.generate(credentials, invoice(documentNumber, LocalDate.now()));
        if (!(generated instanceof NicResult.Success success)) {
            System.out.println("Generate did not succeed: " + generated);
            return;
        }
        System.out.println("Generated " + documentNumber + ": IRN " + success.irn() + ", AckNo " + success.ackNo()
                + ", AckDt " + success.ackDate());
        SignedJwtVerifier verifier = new SignedJwtVerifier(signingCertificate);
        System.out.println("SignedInvoice verifies: " + verifier.isValid(success.signedInvoice()));
        System.out.println("QR data: " + SignedJwtVerifier.decodeData(success.signedQrCode()));
        NicResult fetched = client.getByIrn(credentials, success.irn());
        System.out.println("Get by IRN: " + (fetched instanceof NicResult.Success found ? "status " + found.status() : fetched));
        NicResult again = client.generate(credentials, invoice(documentNumber, LocalDate.now()));
        System.out.println("Same document again: " + again);
    }

    private static String fetch(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** An intra-state B2B service invoice in NIC's INV-01 v1.1 schema. */
    private static String invoice(String number, LocalDate date) {
        return """
                {"Version":"1.1",
                 "TranDtls":{"TaxSch":"GST","SupTyp":"B2B","RegRev":"N"},
                 "DocDtls":{"Typ":"INV","No":"%s","Dt":"%s"},
                 "SellerDtls":{"Gstin":"29AAACP7879D1Z0","LglNm":"Example Supplier","Addr1":"1 Residency Road","Loc":"Bengaluru","Pin":560025,"Stcd":"29"},
                 "BuyerDtls":{"Gstin":"29AAFCC9980M1ZR","LglNm":"Example Buyer","Pos":"29","Addr1":"2 Church Street","Loc":"Bengaluru","Pin":560001,"Stcd":"29"},
                 "ItemList":[{"SlNo":"1","PrdDesc":"Consulting","IsServc":"Y","HsnCd":"998314","UnitPrice":1000.00,"TotAmt":1000.00,"AssAmt":1000.00,"GstRt":18,"CgstAmt":90.00,"SgstAmt":90.00,"TotItemVal":1180.00}],
                 "ValDtls":{"AssVal":1000.00,"CgstVal":90.00,"SgstVal":90.00,"TotInvVal":1180.00}}
                """.formatted(number, date.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")));
    }
}
