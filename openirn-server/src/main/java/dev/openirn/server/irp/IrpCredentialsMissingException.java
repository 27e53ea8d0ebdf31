package dev.openirn.server.irp;

/** No IRP API user is configured for a seller GSTIN in this environment. */
public class IrpCredentialsMissingException extends RuntimeException {

    public IrpCredentialsMissingException(String sellerGstin) {
        super("No IRP credentials are configured for GSTIN " + sellerGstin + ".");
    }

    private IrpCredentialsMissingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No IRP API user at all in the tenant's environment. */
    public static IrpCredentialsMissingException inEnvironment(String environment) {
        return new IrpCredentialsMissingException("No IRP credentials are configured in the " + environment
                + " environment; store one with POST /v1/gsp-credentials/irn.", null);
    }
}
