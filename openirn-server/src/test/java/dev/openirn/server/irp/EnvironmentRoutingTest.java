package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.sandbox.IrpSandbox;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import dev.openirn.server.Tenants;
import dev.openirn.server.tenancy.ApiClients;
import dev.openirn.server.tenancy.ApiEnvironment;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In {@code nic} mode live clients reach the configured IRP and test clients the bundled sandbox,
 * so test data never lands on a real IRP. A second sandbox on its own database plays the real IRP.
 */
class EnvironmentRoutingTest {

    private static final String SELLER = "29AAACP7879D1Z0";

    @Test
    void liveInvoicesGoToTheConfiguredIrpAndTestInvoicesToTheSandbox() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-routing-");
        try (EmbeddedPostgres irpDatabase = EmbeddedPostgres.builder().start();
                RunningIrpSandbox realIrp = IrpSandbox.builder().dataSource(irpDatabase.getPostgresDatabase())
                        .schema("real_irp").keyDirectory(dataDir.resolve("real-irp-keys")).start();
                ConfigurableApplicationContext server = new SpringApplicationBuilder(OpenIrnApplication.class).run(
                        "--server.port=0", "--openirn.data-dir=" + dataDir,
                        "--openirn.irp.mode=nic",
                        "--openirn.irp.base-url=" + realIrp.baseUrl(),
                        "--openirn.irp.client-id=" + realIrp.clientId(),
                        "--openirn.irp.client-secret=" + realIrp.clientSecret(),
                        "--openirn.irp.encryption-public-key-pem=" + realIrp.encryptionPublicKeyPem(),
                        "--openirn.irp.signing-certificate-pem=" + realIrp.signingCertificatePem(),
                        "--openirn.ewb.base-url=" + realIrp.ewbBaseUrl(),
                        "--openirn.ewb.client-id=" + realIrp.clientId(),
                        "--openirn.ewb.client-secret=" + realIrp.clientSecret(),
                        "--openirn.ewb.encryption-public-key-pem=" + realIrp.ewbEncryptionPublicKeyPem())) {
            RunningIrpSandbox bundled = server.getBean(RunningIrpSandbox.class);
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            Tenants tenants = new Tenants(server.getBean(ApiClients.class), port);
            Tenants.Tenant live = tenants.client("routing", ApiEnvironment.LIVE);
            Tenants.Tenant test = tenants.client("routing", ApiEnvironment.TEST);
            String body = ApiClient.quickstartWithNumber("ROUTE-1").replace("29ABCDE1234F1Z5", SELLER)
                    .replace("27FGHIJ5678K1Z2", "27AAPFU0939F1ZV")
                    .replace("\"placeOfSupplyStateCode\": \"29\"", "\"placeOfSupplyStateCode\": \"27\"");
            assertThat(live.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"" + SELLER + "\",\"userName\":\""
                    + realIrp.defaultUserName() + "\",\"password\":\"" + realIrp.defaultPassword() + "\"}", null).status())
                    .isEqualTo(201);

            ApiClient.Reply liveInvoice = live.api().post("/v1/einvoices", body, "route-live");
            ApiClient.Reply testInvoice = test.api().post("/v1/einvoices", body, "route-test");

            assertThat(liveInvoice.status()).as(liveInvoice.body()).isEqualTo(201);
            assertThat(testInvoice.status()).as(testInvoice.body()).isEqualTo(201);
            assertThat(realIrp.stats().registrations()).isEqualTo(1);
            assertThat(bundled.stats().registrations()).isEqualTo(1);

            // The e-way bill system is routed the same way: live to the configured one, test to the sandbox's.
            String ewbLogin = "{\"gstin\":\"" + SELLER + "\",\"userName\":\"" + realIrp.defaultUserName()
                    + "\",\"password\":\"" + realIrp.defaultPassword() + "\"}";
            ApiClient.Reply liveEwb = live.api().post("/v1/gsp-credentials/ewb/test-connection", ewbLogin, null);
            assertThat(liveEwb.status()).as(liveEwb.body()).isEqualTo(200);
            assertThat(liveEwb.json().path("ok").asBoolean()).as(liveEwb.body()).isTrue();
            assertThat(realIrp.stats().ewbAuthCalls()).isEqualTo(1);
            ApiClient.Reply testEwb = test.api().post("/v1/gsp-credentials/ewb/test-connection", "{\"gstin\":\"" + SELLER
                    + "\",\"userName\":\"" + bundled.defaultUserName() + "\",\"password\":\"" + bundled.defaultPassword()
                    + "\"}", null);
            assertThat(testEwb.status()).as(testEwb.body()).isEqualTo(200);
            assertThat(testEwb.json().path("ok").asBoolean()).as(testEwb.body()).isTrue();
            assertThat(realIrp.stats().ewbAuthCalls()).isEqualTo(1);
            assertThat(bundled.stats().ewbAuthCalls()).isEqualTo(1);
        }
    }

    @Test
    void liveInvoicesGoToTheFirstListedIrpAndToTheNextWhileItIsDown() throws Exception {
        Path dataDir = Files.createTempDirectory("openirn-routing-");
        try (EmbeddedPostgres irpDatabase = EmbeddedPostgres.builder().start();
                RunningIrpSandbox realIrps = IrpSandbox.builder().irps(2).dataSource(irpDatabase.getPostgresDatabase())
                        .schema("real_irp").keyDirectory(dataDir.resolve("real-irp-keys")).start();
                ConfigurableApplicationContext server = new SpringApplicationBuilder(OpenIrnApplication.class).run(
                        "--server.port=0", "--openirn.data-dir=" + dataDir,
                        "--openirn.irp.mode=nic",
                        "--openirn.irp.client-id=" + realIrps.clientId(),
                        "--openirn.irp.client-secret=" + realIrps.clientSecret(),
                        "--openirn.irp.encryption-public-key-pem=" + realIrps.encryptionPublicKeyPem(),
                        "--openirn.irp.signing-certificate-pem=" + realIrps.signingCertificatePem(),
                        "--openirn.irp.endpoints[0].name=nic-1",
                        "--openirn.irp.endpoints[0].base-url=" + realIrps.irpBaseUrl("sandbox-1"),
                        "--openirn.irp.endpoints[1].name=nic-2",
                        "--openirn.irp.endpoints[1].base-url=" + realIrps.irpBaseUrl("sandbox-2"),
                        "--openirn.irp.circuit-breaker.window-size=2",
                        "--openirn.irp.circuit-breaker.minimum-calls=2",
                        "--openirn.irp.sync-deadline=1s",
                        "--openirn.retry.initial-delay=200ms", "--openirn.retry.max-delay=1s",
                        "--openirn.retry.poll-interval=100ms")) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            Tenants.Tenant live = new Tenants(server.getBean(ApiClients.class), port).client("failover", ApiEnvironment.LIVE);
            assertThat(live.api().post("/v1/gsp-credentials/irn", "{\"sellerGstin\":\"" + SELLER + "\",\"userName\":\""
                    + realIrps.defaultUserName() + "\",\"password\":\"" + realIrps.defaultPassword() + "\"}", null).status())
                    .isEqualTo(201);
            String body = ApiClient.quickstartWithNumber("ROUTE-FO-1").replace("29ABCDE1234F1Z5", SELLER)
                    .replace("27FGHIJ5678K1Z2", "27AAPFU0939F1ZV")
                    .replace("\"placeOfSupplyStateCode\": \"29\"", "\"placeOfSupplyStateCode\": \"27\"");

            ApiClient.Reply first = live.api().post("/v1/einvoices", body, "route-fo-1");
            assertThat(first.status()).as(first.body()).isEqualTo(201);
            assertThat(first.json().get("irp").asString()).isEqualTo("nic-1");

            realIrps.injectFault("sandbox-1", dev.openirn.sandbox.Fault.of(dev.openirn.sandbox.FaultMode.GSP_DOWN));
            for (int n = 2; n <= 5; n++) {
                ApiClient.Reply reply = live.api().post("/v1/einvoices", body.replace("ROUTE-FO-1", "ROUTE-FO-" + n), "route-fo-" + n);
                assertThat(reply.status()).as(reply.body()).isIn(201, 202);
                tools.jackson.databind.JsonNode done = live.api().awaitFinalStatus(reply.json().get("id").asString(),
                        java.time.Duration.ofSeconds(60));
                assertThat(done.get("status").asString()).isEqualTo("generated");
                assertThat(done.get("irp").asString()).isEqualTo("nic-2");
            }
            assertThat(realIrps.stats().registrations()).isEqualTo(5);
            assertThat(realIrps.stats().irps().get("sandbox-1").registrations()).isEqualTo(1);
            assertThat(realIrps.stats().irps().get("sandbox-2").registrations()).isEqualTo(4);
            assertThat(realIrps.stats().duplicates()).isZero();
        }
    }
}
