package dev.openirn.server.irp;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which IRP API user signs in for a seller GSTIN: the one the tenant stored for that GSTIN in that
 * environment. Test clients on the bundled sandbox fall back to the sandbox's default API user (every
 * well-formed GSTIN is a sandbox test taxpayer), so the quickstart needs no credential upload; live
 * clients never fall back.
 */
@Component
public class IrpCredentials {

    private final IrpEndpoints endpoints;
    private final StoredIrpCredentials stored;

    public IrpCredentials(IrpEndpoints endpoints, StoredIrpCredentials stored) {
        this.endpoints = endpoints;
        this.stored = stored;
    }

    /** The API user, scoped to the tenant so that its IRP session is never shared with another tenant. */
    public IrpLogin forSeller(String organizationId, String environment, String sellerGstin) {
        String scope = Irp.sessionScope(organizationId, environment);
        Optional<IrpLogin> credentials = stored.use(organizationId, environment, sellerGstin);
        if (credentials.isPresent()) {
            return credentials.get().inScope(scope);
        }
        IrpEndpoint endpoint = endpoints.of(environment);
        if (endpoint.sandbox() && "test".equals(environment)) {
            return new IrpLogin(scope, sellerGstin, endpoint.sandboxUserName(), endpoint.sandboxPassword());
        }
        throw new IrpCredentialsMissingException(sellerGstin);
    }

    /**
     * The e-way bill system's API user for {@code gstin} (the tenant's {@code ewb} credential), with the same
     * sandbox fallback for test clients as {@link #forSeller}.
     */
    public IrpLogin forEwb(String organizationId, String environment, String gstin) {
        String scope = Irp.sessionScope(organizationId, environment);
        Optional<IrpLogin> credentials = stored.useEwb(organizationId, environment, gstin);
        if (credentials.isPresent()) {
            return credentials.get().inScope(scope);
        }
        IrpEndpoint endpoint = endpoints.of(environment);
        if (endpoint.sandbox() && "test".equals(environment)) {
            return new IrpLogin(scope, gstin, endpoint.sandboxUserName(), endpoint.sandboxPassword());
        }
        throw new IrpCredentialsMissingException(gstin);
    }

    /**
     * An API user of the tenant to ask the IRP about {@code gstin}, which need not be the tenant's own
     * GSTIN: any of its stored API users in that environment may look a taxpayer up. Test clients on the
     * bundled sandbox fall back to its default API user, as for registration.
     */
    public IrpLogin forLookup(String organizationId, String environment, String gstin) {
        String scope = Irp.sessionScope(organizationId, environment);
        Optional<IrpLogin> credentials = stored.useAny(organizationId, environment);
        if (credentials.isPresent()) {
            return credentials.get().inScope(scope);
        }
        IrpEndpoint endpoint = endpoints.of(environment);
        if (endpoint.sandbox() && "test".equals(environment)) {
            return new IrpLogin(scope, gstin, endpoint.sandboxUserName(), endpoint.sandboxPassword());
        }
        throw IrpCredentialsMissingException.inEnvironment(environment);
    }

    /** The IRP refused {@code credentials}; if they are a stored credential it is marked invalid. */
    public void refused(String organizationId, String environment, IrpLogin credentials, String code,
            String message) {
        IrpEndpoint endpoint = endpoints.of(environment);
        if (endpoint.sandbox() && "test".equals(environment) && endpoint.sandboxUserName().equals(credentials.userName())
                && endpoint.sandboxPassword().equals(credentials.password())) {
            return; // the sandbox's own default user, nothing stored to mark
        }
        stored.refused(organizationId, environment, credentials, code, message);
    }
}
