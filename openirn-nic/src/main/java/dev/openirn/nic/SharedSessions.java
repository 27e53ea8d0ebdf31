package dev.openirn.nic;

import java.util.function.Supplier;

/**
 * Sessions shared by every process of a cluster (e.g. kept in their database), so that an API user
 * logs in to an IRP once, not once per process. {@code irp} names the IRP; a session is only ever
 * handed to credentials with the same password it was logged in with.
 */
public interface SharedSessions {

    /** The session stored for these credentials at {@code irp}, or null. */
    NicSession find(String irp, NicCredentials credentials);

    /** Runs {@code work} while no other process runs work for the same API user at {@code irp}. */
    <T> T exclusively(String irp, NicCredentials credentials, Supplier<T> work);

    void save(String irp, NicCredentials credentials, NicSession session);

    /** Drops the stored session of this API user at {@code irp}, whatever its password. */
    void delete(String irp, NicCredentials credentials);
}
