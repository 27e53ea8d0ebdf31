package dev.openirn.sandbox;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.nic.ewaybill.EwbValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A small, complete e-way bill session against a running sandbox: log in to the e-way bill system, generate an
 * e-way bill, update its vehicle (Part-B), read it back with its vehicle history, cancel it. Run it next to the
 * standalone sandbox:
 * {@code java -cp openirn-sandbox-<v>-standalone.jar dev.openirn.sandbox.EwbClientExample http://127.0.0.1:9090}
 */
public final class EwbClientExample {

    private EwbClientExample() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String baseUrl = args.length > 0 ? args[0] : "http://127.0.0.1:9090";
        // The e-way bill system has its own login key, published next to the IRP's.
        String ewbKeyPem = fetch(baseUrl + "/sandbox/keys/ewb-encryption.pem");
        EwbClient client = new EwbClient(EwbClientConfig.of(URI.create(baseUrl + "/ewaybillapi/v1.03"),
                IrpSandbox.DEFAULT_CLIENT_ID, IrpSandbox.DEFAULT_CLIENT_SECRET, NicClientConfig.parsePublicKey(ewbKeyPem)));
        NicCredentials supplier = new NicCredentials("29AAACP7879D1Z0", IrpSandbox.DEFAULT_USER_NAME, IrpSandbox.DEFAULT_PASSWORD);

        AuthOutcome login = client.authenticate(supplier);
        System.out.println("Login: " + (login.ok() ? "ok in " + login.latency().toMillis() + " ms"
                : "refused " + login.errorCode() + " " + login.errorMessage()));
        if (!login.ok()) {
            return;
        }
        String documentNumber = "EWB-EX-" + (System.currentTimeMillis() % 1_000_000_000L);
        EwbOutcome<EwbValues.Generated> generated = client.generate(supplier, ewayBill(documentNumber));
        if (!(generated instanceof EwbOutcome.Ok<EwbValues.Generated> ok)) {
            System.out.println("Generate did not succeed: " + generated);
            return;
        }
        long ewbNo = ok.value().ewayBillNo();
        System.out.println("Generated " + documentNumber + ": EWB " + ewbNo + " on " + ok.value().ewayBillDate()
                + ", valid until " + ok.value().validUpto() + " (" + ok.value().alert() + ")");

        String partB = """
                {"ewbNo":%d,"vehicleNo":"KA05MN4321","fromPlace":"Tumakuru","fromState":29,"reasonCode":"1",
                 "reasonRem":"Vehicle broke down","transDocNo":"","transDocDate":"","transMode":"1","vehicleType":"R"}
                """.formatted(ewbNo);
        System.out.println("Vehicle update: " + client.updateVehicle(supplier, partB));

        EwbOutcome<EwbValues.EwayBill> read = client.getEwayBill(supplier, ewbNo);
        if (read instanceof EwbOutcome.Ok<EwbValues.EwayBill> bill) {
            System.out.println("Read back: status " + bill.value().status() + ", vehicles (newest first) "
                    + bill.value().vehicles().stream().map(EwbValues.Vehicle::vehicleNo).toList());
        } else {
            System.out.println("Read back failed: " + read);
        }
        System.out.println("Cancel: " + client.cancel(supplier, ewbNo, 2, "Order cancelled"));
        System.out.println("Cancel again: " + client.cancel(supplier, ewbNo, 2, "Order cancelled"));
    }

    private static String fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** An intra-state supply of goods, Bengaluru to Tumakuru by road; distance 0 lets the system compute it. */
    private static String ewayBill(String number) {
        String today = LocalDate.now(ZoneOffset.ofHoursMinutes(5, 30)).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        return """
                {"supplyType":"O","subSupplyType":"1","docType":"INV","docNo":"%s","docDate":"%s","transactionType":1,
                 "fromGstin":"29AAACP7879D1Z0","fromTrdName":"Example Supplier","fromAddr1":"1 Residency Road",
                 "fromPlace":"Bengaluru","fromPincode":560025,"fromStateCode":29,"actFromStateCode":29,
                 "toGstin":"29AAFCC9980M1ZR","toTrdName":"Example Buyer","toAddr1":"4 BH Road","toPlace":"Tumakuru",
                 "toPincode":572101,"toStateCode":29,"actToStateCode":29,
                 "totalValue":60000,"cgstValue":5400,"sgstValue":5400,"igstValue":0,"cessValue":0,"cessNonAdvolValue":0,
                 "otherValue":0,"totInvValue":70800,"transDistance":0,
                 "transMode":"1","vehicleNo":"KA01AB1234","vehicleType":"R","transporterId":"","transDocNo":"","transDocDate":"",
                 "itemList":[{"productName":"Steel racks","hsnCode":"94032010","quantity":20,"qtyUnit":"NOS",
                              "cgstRate":9,"sgstRate":9,"igstRate":0,"cessRate":0,"cessNonadvol":0,"taxableAmount":60000}]}
                """.formatted(number, today);
    }
}
