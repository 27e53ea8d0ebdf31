package dev.openirn.nic;

import java.util.Objects;

/** One IRP API user: the GSTIN it is registered for, its user name and its password (plain, never logged). */
public record NicCredentials(String gstin, String userName, String password) {

    public NicCredentials {
        Objects.requireNonNull(gstin, "gstin");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "NicCredentials[gstin=" + gstin + ", userName=" + userName + ", password=***]";
    }
}
