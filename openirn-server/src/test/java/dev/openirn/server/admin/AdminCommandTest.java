package dev.openirn.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnProperties;
import dev.openirn.server.ServerTest;
import dev.openirn.server.tenancy.OrganizationPrintSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
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

    @Autowired
    OrganizationPrintSettings printSettings;

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

    @Test
    void everySubcommandAnswersHelpWithItsOptionsEvenWithoutItsRequiredOnes() {
        for (String subcommand : List.of("create-org", "create-client", "list-clients", "rotate-secret", "disable-client",
                "set-rate-limits", "set-print-settings")) {
            Run help = admin(subcommand, "--help");
            assertThat(help.exitCode()).as(subcommand + ": " + help.err()).isZero();
            assertThat(help.out()).as(subcommand).contains("Usage: admin " + subcommand).contains("--help");
        }
    }

    @Test
    void setPrintSettingsStoresAValidFooterAndLogoAndRefusesBadOnes() throws IOException {
        String org = "print-" + System.nanoTime();
        Run createdOrg = admin("create-org", "--name", org, "--json");
        String organizationId = createdOrg.json().get("organizationId").asString();
        Path dir = Files.createTempDirectory("openirn-admin-print-");
        try {
            Path jpeg = dir.resolve("logo.jpg");
            ImageIO.write(new BufferedImage(60, 20, BufferedImage.TYPE_INT_RGB), "jpg", jpeg.toFile());

            Run set = admin("set-print-settings", "--org", org, "--footer-text", "Acme Pvt Ltd\nBengaluru",
                    "--logo-file", jpeg.toString(), "--json");
            assertThat(set.exitCode()).as(set.err()).isZero();
            assertThat(set.json().get("logoContentType").asString()).isEqualTo("image/jpeg");
            OrganizationPrintSettings.Settings stored = printSettings.find(organizationId).orElseThrow();
            assertThat(stored.footerText()).isEqualTo("Acme Pvt Ltd\nBengaluru");
            assertThat(stored.logo()).isEqualTo(Files.readAllBytes(jpeg));

            // By id as well as by name; clearing one field keeps the other.
            Run cleared = admin("set-print-settings", "--org", organizationId, "--clear-logo");
            assertThat(cleared.exitCode()).as(cleared.err()).isZero();
            stored = printSettings.find(organizationId).orElseThrow();
            assertThat(stored.logo()).isNull();
            assertThat(stored.logoContentType()).isNull();
            assertThat(stored.footerText()).isEqualTo("Acme Pvt Ltd\nBengaluru");

            Path text = Files.writeString(dir.resolve("logo.png"), "not an image");
            Path huge = dir.resolve("huge.png");
            Files.write(huge, new byte[512 * 1024 + 1]);
            assertRefused(admin("set-print-settings", "--org", org, "--logo-file", text.toString()), "PNG or JPEG");
            assertRefused(admin("set-print-settings", "--org", org, "--logo-file", huge.toString()), "512 KiB");
            assertRefused(admin("set-print-settings", "--org", org, "--logo-file", dir.resolve("missing.png").toString()),
                    "Cannot read");
            assertRefused(admin("set-print-settings", "--org", org, "--footer-text", "x".repeat(301)), "300 characters");
            assertRefused(admin("set-print-settings", "--org", org, "--footer-text", "tab\there"), "control characters");
            assertRefused(admin("set-print-settings", "--org", "nobody-" + org, "--clear-footer"), "No organization");
            assertThat(printSettings.find(organizationId).orElseThrow().footerText()).isEqualTo("Acme Pvt Ltd\nBengaluru");

            assertThat(admin("set-print-settings", "--org", org).exitCode()).as("nothing to set").isEqualTo(2);
            assertThat(admin("set-print-settings", "--org", org, "--footer-text", "a", "--clear-footer").exitCode()).isEqualTo(2);
            assertThat(admin("set-print-settings", "--footer-text", "a").exitCode()).as("no --org").isEqualTo(2);
            Run help = admin("set-print-settings", "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--footer-text", "--logo-file", "--clear-logo", "--clear-footer");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void assertRefused(Run run, String message) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(AdminCommand.REFUSED);
        assertThat(run.err()).contains(message);
    }

    private int tokenStatus(String clientId, String secret) {
        return api.tokenRequest(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", "gstn-india")).status();
    }
}
