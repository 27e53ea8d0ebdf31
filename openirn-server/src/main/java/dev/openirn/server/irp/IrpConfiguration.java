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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
                .irps(properties.sandbox().irps())
                .port(properties.sandbox().port())
                .dataSource(dataSource)
                .keyDirectory(properties.dataDir().resolve("sandbox-keys"))
                .clock(clock)
                .start();
        log.info("IRP sandbox listening on {} with {} rules{}", sandbox.baseUrl(), sandbox.rules().name().toLowerCase(Locale.ROOT),
                sandbox.irpNames().size() > 1 ? " as IRPs " + sandbox.irpNames() : "");
        return sandbox;
    }

    @Bean
    IrpEndpoints irpEndpoints(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        OpenIrnProperties.Irp irp = properties.irp();
        List<IrpEndpoint> sandboxEndpoints = running == null ? List.of() : sandboxEndpoints(running, irp);
        if (!"nic".equals(irp.mode())) {
            if (sandboxEndpoints.isEmpty()) {
                throw new IllegalStateException("openirn.irp.mode=sandbox needs openirn.sandbox.enabled=true");
            }
            return new IrpEndpoints(sandboxEndpoints, sandboxEndpoints);
        }
        List<IrpEndpoint> nic = irp.endpoints().isEmpty() ? List.of(singleNicEndpoint(irp)) : listedNicEndpoints(irp);
        log.info("Live clients use the IRPs {}; test clients use {}", nic,
                sandboxEndpoints.isEmpty() ? "them too (sandbox disabled)" : "the bundled sandbox");
        return new IrpEndpoints(sandboxEndpoints.isEmpty() ? nic : sandboxEndpoints, nic);
    }

    /** One endpoint for a single-IRP sandbox (named {@code sandbox}, as before), else one per IRP it acts as. */
    private static List<IrpEndpoint> sandboxEndpoints(RunningIrpSandbox running, OpenIrnProperties.Irp irp) {
        if (running.irpNames().size() == 1) {
            return List.of(new IrpEndpoint(withTimeout(sandboxConfig(running, running.baseUrl()), irp), true,
                    running.defaultUserName(), running.defaultPassword()));
        }
        List<IrpEndpoint> endpoints = new ArrayList<>();
        for (String name : running.irpNames()) {
            endpoints.add(new IrpEndpoint(name, withTimeout(sandboxConfig(running, running.irpBaseUrl(name)), irp), true,
                    running.defaultUserName(), running.defaultPassword()));
        }
        return endpoints;
    }

    private static NicClientConfig sandboxConfig(RunningIrpSandbox running, String baseUrl) {
        return NicClientConfig.of(URI.create(baseUrl), running.clientId(), running.clientSecret(), running.encryptionPublicKey())
                .withSigningCertificate(running.signingCertificate());
    }

    private static IrpEndpoint singleNicEndpoint(OpenIrnProperties.Irp irp) {
        if (irp.baseUrl() == null || irp.clientId() == null || irp.clientSecret() == null
                || irp.encryptionPublicKeyPem() == null) {
            throw new IllegalStateException("openirn.irp.mode=nic needs openirn.irp.base-url, client-id, client-secret "
                    + "and encryption-public-key-pem (or a list of openirn.irp.endpoints)");
        }
        return nicEndpoint("nic", irp.baseUrl(), irp.clientId(), irp.clientSecret(), irp.encryptionPublicKeyPem(),
                irp.signingCertificatePem(), irp);
    }

    private static List<IrpEndpoint> listedNicEndpoints(OpenIrnProperties.Irp irp) {
        List<IrpEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < irp.endpoints().size(); i++) {
            OpenIrnProperties.Irp.Endpoint listed = irp.endpoints().get(i);
            String where = "openirn.irp.endpoints[" + i + "]";
            if (listed.name() == null || !listed.name().matches("[a-z0-9][a-z0-9-]{0,30}")) {
                throw new IllegalStateException(where + ".name is required: lowercase letters, digits and '-', e.g. nic-1");
            }
            if (!names.add(listed.name())) {
                throw new IllegalStateException(where + ".name " + listed.name() + " is listed twice");
            }
            // Keys and client credentials not given for an endpoint are the top-level ones: NIC issues them per user, not per IRP.
            String clientId = listed.clientId() != null ? listed.clientId() : irp.clientId();
            String clientSecret = listed.clientSecret() != null ? listed.clientSecret() : irp.clientSecret();
            String key = listed.encryptionPublicKeyPem() != null ? listed.encryptionPublicKeyPem() : irp.encryptionPublicKeyPem();
            String certificate = listed.signingCertificatePem() != null ? listed.signingCertificatePem() : irp.signingCertificatePem();
            if (listed.baseUrl() == null || clientId == null || clientSecret == null || key == null) {
                throw new IllegalStateException(where + " needs base-url, client-id, client-secret and "
                        + "encryption-public-key-pem (its own or openirn.irp.*)");
            }
            endpoints.add(nicEndpoint(listed.name(), listed.baseUrl(), clientId, clientSecret, key, certificate, irp));
        }
        return endpoints;
    }

    private static IrpEndpoint nicEndpoint(String name, String baseUrl, String clientId, String clientSecret,
            String encryptionPublicKeyPem, String signingCertificatePem, OpenIrnProperties.Irp irp) {
        NicClientConfig config = NicClientConfig.of(URI.create(baseUrl), clientId, clientSecret,
                NicClientConfig.parsePublicKey(encryptionPublicKeyPem));
        if (signingCertificatePem != null) {
            config = config.withSigningCertificate(NicClientConfig.parseCertificate(signingCertificatePem));
        }
        return new IrpEndpoint(name, withTimeout(config, irp), false, null, null);
    }

    private static NicClientConfig withTimeout(NicClientConfig config, OpenIrnProperties.Irp irp) {
        return new NicClientConfig(config.baseUrl(), config.clientId(), config.clientSecret(), config.irpEncryptionKey(),
                config.signingCertificate(), irp.requestTimeout(), config.refreshBeforeExpiry());
    }
}
