package dev.openirn.server.irp;

import java.util.Optional;

/** The IRP API users tenants stored (the credentials vault), as the IRP port needs them. */
public interface StoredIrpCredentials {

    /** The decrypted API user of a seller GSTIN in a tenant's environment, recording the use; empty if none. */
    Optional<IrpLogin> use(String organizationId, String environment, String sellerGstin);

    /** The decrypted e-way bill system API user of a GSTIN (or TRANSIN), recording the use; empty if none. */
    Optional<IrpLogin> useEwb(String organizationId, String environment, String gstin);

    /** One of the tenant's usable API users in the environment (any GSTIN), recording the use; empty if none. */
    Optional<IrpLogin> useAny(String organizationId, String environment);

    /** The IRP refused this stored API user: mark it so that the tenant sees why generation fails. */
    void refused(String organizationId, String environment, IrpLogin credentials, String code, String message);
}
