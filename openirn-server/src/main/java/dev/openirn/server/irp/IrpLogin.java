package dev.openirn.server.irp;

import java.util.Objects;

/**
 * One IRP API user as OpenIRN holds it: the GSTIN it is registered for, its user name, its password
 * (plain, never logged) and the session scope whose IRP session it logs in to. Scopes keep one
 * tenant's session from being reused by another that stores the same GSTIN and user name.
 */
public record IrpLogin(String sessionScope, String gstin, String userName, String password) {

    public IrpLogin {
        Objects.requireNonNull(sessionScope, "sessionScope");
        Objects.requireNonNull(gstin, "gstin");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
    }

    /** An API user not yet bound to a tenant's session scope. */
    public IrpLogin(String gstin, String userName, String password) {
        this("", gstin, userName, password);
    }

    /** The same API user in another session scope. */
    public IrpLogin inScope(String scope) {
        return new IrpLogin(scope, gstin, userName, password);
    }

    @Override
    public String toString() {
        return "IrpLogin[scope=" + sessionScope + ", gstin=" + gstin + ", userName=" + userName + ", password=***]";
    }
}
