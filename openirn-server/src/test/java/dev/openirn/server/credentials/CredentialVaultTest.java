package dev.openirn.server.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.ServerTest;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import dev.openirn.server.tenancy.RateLimitOverrides;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class CredentialVaultTest extends ServerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApiClients clients;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RunningIrpSandbox sandbox;

    @Autowired
    dev.openirn.server.OpenIrnProperties properties;

    private Tenants tenants;
    private final List<ApiClient.Reply> replies = new ArrayList<>();

    @BeforeEach
    void tenants() {
        tenants = new Tenants(clients, port);
    }

    @Test
    void ewbTestConnectionLogsInToTheEwayBillSystemWithTheStoredCredential() {
        ApiClient tenant = tenants.client("vault-ewb-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        String gstin = "05AAACG2140A1ZL";
        long ewbLogins = sandbox.stats().ewbAuthCalls();
        long irpLogins = sandbox.stats().authCalls();

        ApiClient.Reply refused = record(tenant.post("/v1/gsp-credentials/ewb/test-connection",
                body(Map.of("gstin", gstin, "userName", "EWBUSER", "password", "wrong")), null));
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("vendorErrorCode").asString()).isEqualTo("108");
        assertThat(refused.json().get("vendorMessage").asString()).isEqualTo("Invalid login credentials.");

        ApiClient.Reply stored = record(tenant.post("/v1/gsp-credentials/ewb",
                body(Map.of("gstin", gstin, "userName", sandbox.defaultUserName(), "password", sandbox.defaultPassword())), null));
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        ApiClient.Reply ok = record(tenant.post("/v1/gsp-credentials/ewb/test-connection", body(Map.of("gstin", gstin)), null));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("ok").asBoolean()).as(ok.body()).isTrue();
        assertThat(ok.json().get("vendorErrorCode").isNull()).isTrue();
        assertThat(record(tenant.get("/v1/gsp-credentials/ewb/" + gstin)).json().get("lastVerifiedStatus").asString())
                .isEqualTo("ok");
        // Both logins went to the e-way bill system, none to the IRP.
        assertThat(sandbox.stats().ewbAuthCalls() - ewbLogins).isEqualTo(2);
        assertThat(sandbox.stats().authCalls()).isEqualTo(irpLogins);
    }

    @Test
    void upsertGetTestAndDeleteNeverRevealThePassword(CapturedOutput output) {
        ApiClient tenant = tenants.client("vault-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        String gstin = "29AAACV1001A1Z5";
        String password = "Pw-" + UUID.randomUUID();

        ApiClient.Reply created = record(tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", gstin, "userName", "ACMEAPI01", "password", password, "notes", "rotates every 90 days")), null));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode record = created.json();
        assertThat(record.get("id").asString()).startsWith("irn_");
        assertThat(record.get("object").asString()).isEqualTo("irn_credential");
        assertThat(record.get("sellerGstin").asString()).isEqualTo(gstin);
        assertThat(record.get("userName").asString()).isEqualTo("ACMEAPI01");
        assertThat(record.get("hasPassword").asBoolean()).isTrue();
        assertThat(record.get("lastVerifiedAt").isNull()).isTrue();
        assertThat(record.get("lastVerifiedStatus").isNull()).isTrue();
        assertThat(record.get("addedAt").asString()).isNotBlank();
        assertThat(record.get("notes").asString()).isEqualTo("rotates every 90 days");
        assertThat(record.has("password")).isFalse();
        String id = record.get("id").asString();

        ApiClient.Reply fetched = record(tenant.get("/v1/gsp-credentials/irn/" + gstin));
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().get("id").asString()).isEqualTo(id);

        // Update without a password keeps the stored one.
        ApiClient.Reply notesOnly = record(tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", gstin, "notes", "new notes")), null));
        assertThat(notesOnly.status()).as(notesOnly.body()).isEqualTo(200);
        assertThat(notesOnly.json().get("id").asString()).isEqualTo(id);
        assertThat(notesOnly.json().get("hasPassword").asBoolean()).isTrue();
        assertThat(notesOnly.json().get("userName").asString()).isEqualTo("ACMEAPI01");

        // The password is encrypted at rest, under a wrapped data key.
        Map<String, Object> row = jdbc.sql("select password_ciphertext, wrapped_data_key, master_key_id from gsp_credential where id = :id")
                .param("id", id).query().singleRow();
        byte[] ciphertext = (byte[]) row.get("password_ciphertext");
        assertThat(ciphertext).isNotNull();
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(password);
        assertThat(ciphertext.length).isEqualTo(12 + password.length() + 16);
        assertThat((byte[]) row.get("wrapped_data_key")).hasSize(12 + 32 + 16);
        assertThat((String) row.get("master_key_id")).startsWith("mk_");

        // Test connection with other values: the sandbox refuses them, with its own code and message.
        ApiClient.Reply refused = record(tenant.post("/v1/gsp-credentials/irn/test-connection",
                body(Map.of("sellerGstin", gstin, "userName", "ACMEAPI01", "password", password)), null));
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("vendorErrorCode").asString()).isNotBlank();
        assertThat(refused.json().get("vendorMessage").asString()).isNotBlank();
        assertThat(refused.json().get("latencyMs").isNumber()).isTrue();

        ApiClient.Reply ok = record(tenant.post("/v1/gsp-credentials/irn/test-connection",
                body(Map.of("sellerGstin", gstin, "userName", sandbox.defaultUserName(), "password", sandbox.defaultPassword())), null));
        assertThat(ok.json().get("ok").asBoolean()).as(ok.body()).isTrue();
        assertThat(ok.json().get("vendorErrorCode").isNull()).isTrue();

        // Testing the stored credential (no password in the body) records the verification.
        ApiClient.Reply stored = record(tenant.post("/v1/gsp-credentials/irn/test-connection",
                body(Map.of("sellerGstin", gstin)), null));
        assertThat(stored.json().get("ok").asBoolean()).isFalse();
        JsonNode verified = record(tenant.get("/v1/gsp-credentials/irn/" + gstin)).json();
        assertThat(verified.get("lastVerifiedStatus").asString()).isEqualTo("invalid");
        assertThat(verified.get("lastVerifiedAt").asString()).isNotBlank();

        ApiClient.Reply deleted = record(delete(tenant, "/v1/gsp-credentials/irn/" + gstin));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("hasPassword").asBoolean()).isFalse();
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(record(tenant.get("/v1/gsp-credentials/irn/" + gstin)).status()).isEqualTo(404);
        assertThat(record(delete(tenant, "/v1/gsp-credentials/irn/" + gstin)).status()).isEqualTo(404);

        Map<String, Object> tombstone = jdbc.sql("select password_ciphertext, wrapped_data_key, deleted_at from gsp_credential where id = :id")
                .param("id", id).query().singleRow();
        assertThat(tombstone.get("password_ciphertext")).isNull();
        assertThat(tombstone.get("wrapped_data_key")).isNull();
        assertThat(tombstone.get("deleted_at")).isNotNull();
        List<String> actions = jdbc.sql("select action from gsp_credential_audit where credential_id = :id order by id")
                .param("id", id).query(String.class).list();
        assertThat(actions).containsExactly("created", "updated", "tested", "tested", "tested", "deleted");
        List<String> allAudit = jdbc.sql("select concat_ws('|', action, outcome, detail) from gsp_credential_audit where gstin = :g")
                .param("g", gstin).query(String.class).list();
        assertThat(String.join("\n", allAudit)).doesNotContain(password);

        // A new credential after a delete is a new record.
        ApiClient.Reply recreated = record(tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", gstin, "userName", "ACMEAPI02", "password", password)), null));
        assertThat(recreated.status()).isEqualTo(201);
        assertThat(recreated.json().get("id").asString()).isNotEqualTo(id);

        assertThat(replies).allSatisfy(reply -> assertThat(reply.body()).doesNotContain(password));
        assertThat(output.getAll()).contains("Stored irn credential " + id).doesNotContain(password);
    }

    @Test
    void invalidBodiesAnswer422WithDetailsAndNeverEchoThePassword(CapturedOutput output) {
        ApiClient tenant = tenants.client("vault-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        String password = "Pw-" + UUID.randomUUID();

        ApiClient.Reply noPassword = tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", "29AAACV1003A1Z5", "userName", "X")), null);
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(noPassword.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(noPassword.json().get("details").get(0).get("field").asString()).isEqualTo("password");

        ApiClient.Reply badGstin = tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", "not-a-gstin", "userName", "", "password", password + "x".repeat(300))), null);
        assertThat(badGstin.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        badGstin.json().get("details").forEach(detail -> fields.add(detail.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("sellerGstin", "userName", "password");
        assertThat(badGstin.body()).doesNotContain(password);

        ApiClient.Reply ewbKey = tenant.post("/v1/gsp-credentials/ewb", body(Map.of("userName", "X", "password", password)), null);
        assertThat(ewbKey.status()).isEqualTo(422);
        assertThat(ewbKey.json().get("details").get(0).get("field").asString()).isEqualTo("gstin");

        ApiClient.Reply ewb = tenant.post("/v1/gsp-credentials/ewb",
                body(Map.of("gstin", "05AAACG2409A1ZH", "userName", "EWBUSER", "password", password)), null);
        assertThat(ewb.status()).as(ewb.body()).isEqualTo(201);
        assertThat(ewb.json().get("id").asString()).startsWith("ewb_");
        assertThat(ewb.json().get("gstin").asString()).isEqualTo("05AAACG2409A1ZH");
        assertThat(ewb.body()).doesNotContain(password);
        assertThat(tenant.get("/v1/gsp-credentials/ewb/05AAACG2409A1ZH").status()).isEqualTo(200);
        assertThat(tenant.get("/v1/gsp-credentials/other/05AAACG2409A1ZH").status()).isEqualTo(404);
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void aWrongStoredPasswordIsInvalidCredentialsNotAnOutageAndIsMarked() {
        ApiClient tenant = tenants.client("vault-" + UUID.randomUUID(), ApiEnvironment.TEST).api();
        String gstin = "29AAACV1002A1Z5";
        sandbox.registerUser(gstin, "ACMEAPI09", "the-right-password");
        assertThat(tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", gstin, "userName", "ACMEAPI09", "password", "a-wrong-password")), null).status())
                .isEqualTo(201);

        ApiClient.Reply rejected = tenant.post("/v1/einvoices",
                ApiClient.quickstartWithNumber("CRED-1").replace("29ABCDE1234F1Z5", gstin), "cred-1");

        assertThat(rejected.status()).as(rejected.body()).isEqualTo(502);
        assertThat(rejected.json().get("code").asString()).isEqualTo("irp_credentials.invalid");
        assertThat(rejected.json().get("upstream").get("code").asString()).isNotBlank();
        JsonNode marked = tenant.get("/v1/gsp-credentials/irn/" + gstin).json();
        assertThat(marked.get("lastVerifiedStatus").asString()).isEqualTo("invalid");
        assertThat(marked.get("lastUsedAt").asString()).isNotBlank();
        assertThat(jdbc.sql("select count(*) from gsp_credential_audit where gstin = :g and action = 'refused'")
                .param("g", gstin).query(Long.class).single()).isEqualTo(1);

        // The right password, then the corrected document goes through.
        assertThat(tenant.post("/v1/gsp-credentials/irn",
                body(Map.of("sellerGstin", gstin, "password", "the-right-password")), null).status()).isEqualTo(200);
        ApiClient.Reply generated = tenant.post("/v1/einvoices",
                ApiClient.quickstartWithNumber("CRED-2").replace("29ABCDE1234F1Z5", gstin), "cred-2");
        assertThat(generated.status()).as(generated.body()).isEqualTo(201);
        assertThat(jdbc.sql("select count(*) from gsp_credential_audit where gstin = :g and action = 'used'")
                .param("g", gstin).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void liveClientsNeedAStoredCredentialEvenOnTheSandbox() {
        Tenants.Tenant live = tenants.client("vault-live-" + UUID.randomUUID(), ApiEnvironment.LIVE, "lenient",
                RateLimitOverrides.DEFAULTS);
        String gstin = "29AAACV1004A1Z5";
        String invoice = ApiClient.quickstartWithNumber("LIVE-1").replace("29ABCDE1234F1Z5", gstin);

        ApiClient.Reply missing = live.api().post("/v1/einvoices", invoice, "live-1");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().get("code").asString()).isEqualTo("irp_credentials.not_configured");

        assertThat(live.api().post("/v1/gsp-credentials/irn", body(Map.of("sellerGstin", gstin, "userName",
                sandbox.defaultUserName(), "password", sandbox.defaultPassword())), null).status()).isEqualTo(201);
        ApiClient.Reply generated = live.api().post("/v1/einvoices",
                ApiClient.quickstartWithNumber("LIVE-2").replace("29ABCDE1234F1Z5", gstin), "live-2");
        assertThat(generated.status()).as(generated.body()).isEqualTo(201);
    }

    @Test
    void theMasterKeyFileIsCreatedInTheDataDirectoryReadableByItsOwnerOnly() throws Exception {
        java.nio.file.Path file = properties.dataDir().resolve("master.key");

        assertThat(file).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(java.util.Base64.getDecoder().decode(java.nio.file.Files.readString(file).strip())).hasSize(32);
    }

    private ApiClient.Reply record(ApiClient.Reply reply) {
        replies.add(reply);
        return reply;
    }

    static ApiClient.Reply delete(ApiClient api, String path) {
        return api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("Authorization", "Bearer " + api.token()).DELETE());
    }

    static String body(Map<String, String> values) {
        return JSON.writeValueAsString(values);
    }
}
