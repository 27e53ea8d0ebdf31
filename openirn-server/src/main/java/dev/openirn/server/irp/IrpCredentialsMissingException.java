package dev.openirn.server.irp;

/** No IRP API user is configured for a seller GSTIN in this environment. */
public class IrpCredentialsMissingException extends RuntimeException {

    public IrpCredentialsMissingException(String sellerGstin) {
        super("No IRP credentials are configured for GSTIN " + sellerGstin + ".");
    }
}
