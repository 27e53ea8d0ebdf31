package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.OpenIrnProperties;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to NIC's e-way bill system. Test clients, and every client in {@code sandbox} mode, use the
 * e-way bill system of the bundled sandbox; live clients in {@code nic} mode use the one configured under
 * {@code openirn.ewb.*}, and without it are not connected ({@link #connected} is false). Sessions are scoped per
 * tenant and environment, as the IRP's are.
 */
@Component
public class EwayBillPortal {

    private final EwbClient test;
    private final EwbClient live;

    public EwayBillPortal(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties, Clock clock,
            @Value("${openirn.ewb.base-url:}") String liveBaseUrl,
            @Value("${openirn.ewb.client-id:}") String liveClientId,
            @Value("${openirn.ewb.client-secret:}") String liveClientSecret,
            @Value("${openirn.ewb.encryption-public-key-pem:}") String liveEncryptionKeyPem) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        EwbClient sandboxClient = running == null ? null : new EwbClient(EwbClientConfig.of(URI.create(running.ewbBaseUrl()),
                running.clientId(), running.clientSecret(), running.ewbEncryptionPublicKey())
                .withRequestTimeout(properties.irp().requestTimeout()), clock);
        EwbClient nicClient = null;
        if (!liveBaseUrl.isBlank()) {
            if (liveClientId.isBlank() || liveClientSecret.isBlank() || liveEncryptionKeyPem.isBlank()) {
                throw new IllegalStateException("openirn.ewb.base-url needs openirn.ewb.client-id, client-secret "
                        + "and encryption-public-key-pem");
            }
            nicClient = new EwbClient(EwbClientConfig.of(URI.create(liveBaseUrl), liveClientId, liveClientSecret,
                    NicClientConfig.parsePublicKey(liveEncryptionKeyPem))
                    .withRequestTimeout(properties.irp().requestTimeout()), clock);
        }
        boolean nicMode = "nic".equals(properties.irp().mode());
        // As for the IRP: in nic mode test clients stay on the bundled sandbox, so test data never reaches NIC.
        this.test = sandboxClient != null || !nicMode ? sandboxClient : nicClient;
        this.live = nicMode ? nicClient : sandboxClient;
    }

    /** Whether this environment's clients reach an e-way bill system at all. */
    public boolean connected(String environment) {
        return client(environment) != null;
    }

    /** A fresh login with {@code login}, whatever session is cached ("test connection"). */
    public LoginCheck checkLogin(String environment, IrpLogin login) {
        EwbClient client = client(environment);
        if (client == null) {
            throw new IllegalStateException("No e-way bill system for the " + environment + " environment");
        }
        AuthOutcome outcome = client.authenticate(new NicCredentials(login.sessionScope(), login.gstin(), login.userName(),
                login.password()));
        return new LoginCheck(outcome.ok(), outcome.latency(), outcome.errorCode(), outcome.errorMessage(),
                outcome.transportFailure() != null);
    }

    /** Drops a tenant's cached e-way bill sessions of an API user, e.g. after the stored password changed. */
    public void forgetSession(String organizationId, String environment, String gstin, String userName) {
        EwbClient client = client(environment);
        if (client != null) {
            client.forgetSession(new NicCredentials(Irp.sessionScope(organizationId, environment), gstin, userName, ""));
        }
    }

    private EwbClient client(String environment) {
        return "live".equals(environment) ? live : test;
    }
}
