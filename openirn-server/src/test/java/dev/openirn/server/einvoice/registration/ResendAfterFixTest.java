package dev.openirn.server.einvoice.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A document stopped by something other than its content goes through when sent again after the fix. */
class ResendAfterFixTest extends ServerTest {

    private static final String SELLER = "29AAACP7879D1Z0";

    @Autowired
    ApiClients clients;
    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void sameDocumentSentAgainAfterUploadingCredentialsIsGeneratedUnderTheSameId() {
        Tenants.Tenant live = new Tenants(clients, port).client("resend-" + UUID.randomUUID(), ApiEnvironment.LIVE);
        String body = ApiClient.quickstartWithNumber("RESEND-1").replace("29ABCDE1234F1Z5", SELLER)
                .replace("27FGHIJ5678K1Z2", "27AAPFU0939F1ZV").replace("\"placeOfSupplyStateCode\": \"29\"",
                        "\"placeOfSupplyStateCode\": \"27\"");

        ApiClient.Reply first = live.api().post("/v1/einvoices", body, "resend-1-a");
        assertThat(first.status()).as(first.body()).isEqualTo(400);
        assertThat(first.json().get("code").asString()).isEqualTo("irp_credentials.not_configured");
        String id = first.json().get("details").get(0).get("message").asString();

        ApiClient.Reply upload = live.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"" + SELLER
                + "\",\"userName\":\"" + sandbox.defaultUserName() + "\",\"password\":\"" + sandbox.defaultPassword() + "\"}", null);
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);

        ApiClient.Reply again = live.api().post("/v1/einvoices", body, "resend-1-b");
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(again.json().get("status").asString()).isEqualTo("generated");

        ApiClient.Reply third = live.api().post("/v1/einvoices", body, "resend-1-c");
        assertThat(third.status()).as("a generated document is answered, not resent").isEqualTo(200);
        assertThat(third.json().get("irn").asString()).isEqualTo(again.json().get("irn").asString());
    }
}
