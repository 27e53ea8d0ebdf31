package dev.openirn.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin command runs in-process against the test server's embedded PostgreSQL while that server is
 * running: it finds the database through the data directory's postmaster.pid.
 */
class AdminCommandTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    OpenIrnProperties properties;

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Run admin(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--openirn.data-dir=" + properties.dataDir());
        all.add("--logging.level.root=INFO"); // keep the shared server's log level as it is
        int code = AdminCommand.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createdClientGetsTokensPinnedToItsOrganizationUntilRotatedOrDisabled() {
        String org = "acme-" + System.nanoTime();
        Run createdOrg = admin("create-org", "--name", org, "--json");
        assertThat(createdOrg.exitCode()).as(createdOrg.err()).isZero();
        String organizationId = createdOrg.json().get("organizationId").asString();
        assertThat(organizationId).startsWith("org_");

        Run created = admin("create-client", "--org", org, "--env", "test", "--json");
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode client = created.json();
        assertThat(client.propertyNames()).contains("clientId", "clientSecret");
        String clientId = client.get("clientId").asString();
        String secret = client.get("clientSecret").asString();
        assertThat(clientId).startsWith("ofin_test_");
        assertThat(client.get("profile").asString()).isEqualTo("lenient");

        String token = api.token(clientId, secret);
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("organization_id").asString()).isEqualTo(organizationId);
        assertThat(claims.get("environment").asString()).isEqualTo("test");

        Run rotated = admin("rotate-secret", clientId, "--json");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        String newSecret = rotated.json().get("clientSecret").asString();
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(tokenStatus(clientId, secret)).isEqualTo(401);
        String newToken = api.token(clientId, newSecret);

        Run listed = admin("list-clients", "--org", org, "--json");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).contains(clientId).doesNotContain(newSecret).doesNotContain("secretHash")
                .doesNotContain("{bcrypt}");

        Run disabled = admin("disable-client", clientId);
        assertThat(disabled.exitCode()).as(disabled.err()).isZero();
        assertThat(tokenStatus(clientId, newSecret)).isEqualTo(401);
        ApiClient.Reply withOldToken = api.withToken(newToken).get("/v1/einvoices/einv_x");
        assertThat(withOldToken.status()).isEqualTo(401);
        assertThat(withOldToken.json().get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void rotatingTheSecretRevokesTheTokensIssuedBeforeAtOnceAndDisablingRevokesTheNewOnes() {
        String org = "rotate-" + System.nanoTime();
        assertThat(admin("create-org", "--name", org).exitCode()).isZero();
        JsonNode client = admin("create-client", "--org", org, "--env", "test", "--json").json();
        String clientId = client.get("clientId").asString();
        ApiClient oldTokenApi = api.withToken(api.token(clientId, client.get("clientSecret").asString()));
        // Used once before the rotation, so the verified-token cache already holds it.
        assertThat(oldTokenApi.get("/v1/einvoices?limit=1").status()).isEqualTo(200);

        Run rotated = admin("rotate-secret", clientId, "--json");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();

        ApiClient.Reply withOldToken = oldTokenApi.get("/v1/einvoices?limit=1");
        assertThat(withOldToken.status()).as(withOldToken.body()).isEqualTo(401);
        assertThat(withOldToken.json().get("code").asString()).isEqualTo("unauthorized");
        ApiClient newTokenApi = api.withToken(api.token(clientId, rotated.json().get("clientSecret").asString()));
        assertThat(newTokenApi.get("/v1/einvoices?limit=1").status()).isEqualTo(200);
        assertThat(oldTokenApi.get("/v1/einvoices?limit=1").status()).isEqualTo(401);

        assertThat(admin("disable-client", clientId).exitCode()).isZero();
        assertThat(newTokenApi.get("/v1/einvoices?limit=1").status()).isEqualTo(401);
    }

    @Test
    void liveClientsAreStrictByDefaultAndTextOutputNamesTheKeys() {
        String org = "globex-" + System.nanoTime();
        assertThat(admin("create-org", "--name", org).exitCode()).isZero();

        Run live = admin("create-client", "--org", org, "--env", "live", "--label", "erp");
        assertThat(live.exitCode()).as(live.err()).isZero();
        assertThat(live.out()).contains("clientId: ofin_live_").contains("clientSecret: ").contains("profile: strict");

        Run unknownOrg = admin("create-client", "--org", "nobody-" + org, "--env", "live");
        assertThat(unknownOrg.exitCode()).isEqualTo(AdminCommand.REFUSED);
        assertThat(unknownOrg.err()).contains("No organization named");

        Run badEnv = admin("create-client", "--org", org, "--env", "prod");
        assertThat(badEnv.exitCode()).isNotZero();

        Run unknownClient = admin("rotate-secret", "ofin_test_nobody");
        assertThat(unknownClient.exitCode()).isEqualTo(AdminCommand.REFUSED);
    }

    private int tokenStatus(String clientId, String secret) {
        return api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", "gstn-india")).status();
    }
}
