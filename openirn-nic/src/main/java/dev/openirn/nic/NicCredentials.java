package dev.openirn.nic;

import java.util.Objects;

/**
 * One IRP API user: the GSTIN it is registered for, its user name and its password (plain, never logged), and
 * the session scope that owns the IRP session logged in with them. Sessions are never shared between scopes, so
 * a gateway serving several tenants gives each tenant its own scope: a tenant that stores another tenant's
 * GSTIN and user name then logs in with its own password instead of reusing the other tenant's session.
 */
public record NicCredentials(String sessionScope, String gstin, String userName, String password) {

    public NicCredentials {
        Objects.requireNonNull(sessionScope, "sessionScope");
        Objects.requireNonNull(gstin, "gstin");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
    }

    /** Credentials in the default scope, for a client that serves a single party. */
    public NicCredentials(String gstin, String userName, String password) {
        this("", gstin, userName, password);
    }

    /** The same API user in another session scope. */
    public NicCredentials inScope(String scope) {
        return new NicCredentials(scope, gstin, userName, password);
    }

    @Override
    public String toString() {
        return "NicCredentials[scope=" + sessionScope + ", gstin=" + gstin + ", userName=" + userName + ", password=***]";
    }
}
