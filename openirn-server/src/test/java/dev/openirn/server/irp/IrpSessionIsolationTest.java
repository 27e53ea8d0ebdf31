package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An IRP session belongs to the tenant that logged in with the right password: another tenant that stores the
 * same GSTIN and API user name neither rides on it nor evicts it.
 */
class IrpSessionIsolationTest extends ServerTest {

    private static final String GSTIN = "29AAACS9001A1ZT";
    private static final String USER = "SHAREDAPI01";

    @Autowired
    ApiClients clients;

    @Autowired
    RunningIrpSandbox sandbox;

    @Test
    void anotherTenantWithTheSameUserButAWrongPasswordIsRefusedAndLeavesTheOwnersSessionAlone() {
        sandbox.registerUser(GSTIN, USER, "owner-password");
        Tenants tenants = new Tenants(clients, port);
        ApiClient owner = tenants.client("session-owner-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        ApiClient intruder = tenants.client("session-intruder-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        storeCredential(owner, "owner-password");
        storeCredential(intruder, "a-guessed-password");

        ApiClient.Reply first = owner.post("/v1/einvoices", invoice("SESS-1"), "sess-1");
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        ApiClient.Reply intruded = intruder.post("/v1/einvoices", invoice("SESS-2"), "sess-2");
        assertThat(intruded.status()).as(intruded.body()).isEqualTo(502);
        assertThat(intruded.json().get("code").asString()).isEqualTo("irp_credentials.invalid");
        assertThat(intruded.json().get("upstream").get("code").asString()).isEqualTo("1019");

        // Neither the refused login nor the intruder rotating and deleting its own credential drops the
        // owner's session: the owner's next invoices need no new login.
        long loginsBefore = sandbox.stats().authCalls();
        assertThat(intruder.post("/v1/gsp-credentials/irn",
                "{\"sellerGstin\":\"" + GSTIN + "\",\"password\":\"another-guess\"}", null).status()).isEqualTo(200);
        ApiClient.Reply second = owner.post("/v1/einvoices", invoice("SESS-3"), "sess-3");
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(intruder.send(HttpRequest.newBuilder(URI.create(intruder.baseUrl() + "/v1/gsp-credentials/irn/" + GSTIN))
                .header("Authorization", "Bearer " + intruder.token()).DELETE()).status()).isEqualTo(200);
        ApiClient.Reply third = owner.post("/v1/einvoices", invoice("SESS-4"), "sess-4");
        assertThat(third.status()).as(third.body()).isEqualTo(201);
        assertThat(sandbox.stats().authCalls()).isEqualTo(loginsBefore);
    }

    private static void storeCredential(ApiClient tenant, String password) {
        ApiClient.Reply stored = tenant.post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"" + GSTIN + "\",\"userName\":\""
                + USER + "\",\"password\":\"" + password + "\"}", null);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    }

    private static String invoice(String number) {
        return ApiClient.quickstartWithNumber(number).replace("29ABCDE1234F1Z5", GSTIN);
    }
}
