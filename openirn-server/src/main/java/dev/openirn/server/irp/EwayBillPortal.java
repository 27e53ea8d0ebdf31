package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.OpenIrnProperties;
import java.net.URI;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to NIC's e-way bill system. Test clients, and every client in {@code sandbox} mode, use the
 * e-way bill system of the bundled sandbox; live clients in {@code nic} mode have no e-way bill system configured
 * yet ({@link #connected} is false). Sessions are scoped per tenant and environment, as the IRP's are.
 */
@Component
public class EwayBillPortal {

    private final EwbClient test;
    private final EwbClient live;

    public EwayBillPortal(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties, Clock clock) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        EwbClient sandboxClient = running == null ? null : new EwbClient(EwbClientConfig.of(URI.create(running.ewbBaseUrl()),
                running.clientId(), running.clientSecret(), running.ewbEncryptionPublicKey())
                .withRequestTimeout(properties.irp().requestTimeout()), clock);
        this.test = sandboxClient;
        this.live = "nic".equals(properties.irp().mode()) ? null : sandboxClient;
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
