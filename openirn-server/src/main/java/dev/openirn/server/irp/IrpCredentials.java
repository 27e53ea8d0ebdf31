package dev.openirn.server.irp;

import dev.openirn.nic.NicCredentials;
import org.springframework.stereotype.Component;

/**
 * Which IRP API user signs in for a seller GSTIN. On the sandbox every well-formed GSTIN is a test
 * taxpayer with the sandbox's default user, so the quickstart needs no credential upload.
 */
@Component
public class IrpCredentials {

    private final IrpEndpoint endpoint;

    public IrpCredentials(IrpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public NicCredentials forSeller(String organizationId, String environment, String sellerGstin) {
        if (endpoint.sandbox()) {
            return new NicCredentials(sellerGstin, endpoint.sandboxUserName(), endpoint.sandboxPassword());
        }
        throw new IrpCredentialsMissingException(sellerGstin);
    }
}
