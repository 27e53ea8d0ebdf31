package dev.openirn.server.irp;

import dev.openirn.nic.NicClientConfig;
import dev.openirn.gst.master.HsnMaster;
import dev.openirn.sandbox.IrpSandbox;
import dev.openirn.sandbox.SandboxRules;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.OpenIrnProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the IRP. In {@code sandbox} mode (the default) the bundled sandbox runs in this process
 * on a loopback port, and the gateway reaches it over HTTP through the same NIC client a real IRP
 * gets, so the production code path is the one every test exercises.
 */
@Configuration(proxyBeanMethods = false)
class IrpConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IrpConfiguration.class);

    /** Runs in both modes (test clients use it even when live ones reach NIC), unless switched off. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "openirn.sandbox.enabled", havingValue = "true", matchIfMissing = true)
    RunningIrpSandbox irpSandbox(DataSource dataSource, OpenIrnProperties properties, Clock clock,
                                 @Value("${openirn.sandbox.rules:lenient}") String rules,
                                 @Value("${openirn.masters.hsn-file:}") String hsnFile) {
        IrpSandbox.Builder builder = IrpSandbox.builder();
        if (!hsnFile.isBlank()) {
            builder.hsnMaster(HsnMaster.fromFile(Path.of(hsnFile)));
        }
        RunningIrpSandbox sandbox = builder
                .rules(SandboxRules.fromName(rules))
                .port(properties.sandbox().port())
                .dataSource(dataSource)
                .keyDirectory(properties.dataDir().resolve("sandbox-keys"))
                .clock(clock)
                .start();
        log.info("IRP sandbox listening on {} with {} rules", sandbox.baseUrl(), sandbox.rules().name().toLowerCase(Locale.ROOT));
        return sandbox;
    }

    @Bean
    IrpEndpoints irpEndpoints(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        OpenIrnProperties.Irp irp = properties.irp();
        IrpEndpoint sandboxEndpoint = null;
        if (running != null) {
            NicClientConfig config = NicClientConfig.of(URI.create(running.baseUrl()), running.clientId(),
                    running.clientSecret(), running.encryptionPublicKey())
                    .withSigningCertificate(running.signingCertificate());
            sandboxEndpoint = new IrpEndpoint(withTimeout(config, irp), true, running.defaultUserName(), running.defaultPassword());
        }
        if (!"nic".equals(irp.mode())) {
            if (sandboxEndpoint == null) {
                throw new IllegalStateException("openirn.irp.mode=sandbox needs openirn.sandbox.enabled=true");
            }
            return new IrpEndpoints(sandboxEndpoint, sandboxEndpoint);
        }
        if (irp.baseUrl() == null || irp.clientId() == null || irp.clientSecret() == null
                || irp.encryptionPublicKeyPem() == null) {
            throw new IllegalStateException("openirn.irp.mode=nic needs openirn.irp.base-url, client-id, client-secret "
                    + "and encryption-public-key-pem");
        }
        NicClientConfig config = NicClientConfig.of(URI.create(irp.baseUrl()), irp.clientId(), irp.clientSecret(),
                NicClientConfig.parsePublicKey(irp.encryptionPublicKeyPem()));
        if (irp.signingCertificatePem() != null) {
            config = config.withSigningCertificate(NicClientConfig.parseCertificate(irp.signingCertificatePem()));
        }
        IrpEndpoint nic = new IrpEndpoint(withTimeout(config, irp), false, null, null);
        log.info("Live clients use the IRP at {}; test clients use {}", irp.baseUrl(),
                sandboxEndpoint == null ? "it too (sandbox disabled)" : "the bundled sandbox");
        return new IrpEndpoints(sandboxEndpoint != null ? sandboxEndpoint : nic, nic);
    }

    private static NicClientConfig withTimeout(NicClientConfig config, OpenIrnProperties.Irp irp) {
        return new NicClientConfig(config.baseUrl(), config.clientId(), config.clientSecret(), config.irpEncryptionKey(),
                config.signingCertificate(), irp.requestTimeout(), config.refreshBeforeExpiry());
    }
}
