package dev.openirn.server.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs as its own OS process. When the JVM that started it is killed
 * (SIGKILL, OOM killer, power button on a container), that process lives on holding the data
 * directory, and the next start would fail. This guard tells an orphan (its owning JVM is gone:
 * stop it; PostgreSQL's own crash recovery keeps every committed row) from a database that a live
 * OpenIRN process serves (the caller attaches to it instead, e.g. the admin command).
 */
final class PostgresDataDirectoryGuard {

    private static final Logger log = LoggerFactory.getLogger(PostgresDataDirectoryGuard.class);
    private static final String OWNER_FILE = "postgres.owner";

    private final Path dataDirectory;

    PostgresDataDirectoryGuard(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /**
     * True when a live OpenIRN process (possibly this one, from another application context) started
     * the PostgreSQL of this data directory.
     */
    boolean hasLiveOwner() throws IOException {
        return PostmasterProcess.of(dataDirectory).isPresent()
                && pid(ownerFile()).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isPresent();
    }

    /**
     * Stops a postmaster left on this data directory by a process that is gone. Only a live postgres whose
     * command line serves this directory is stopped, with pg_ctl; a pid file whose pid now belongs to some
     * other process is stale and set aside (PostgreSQL would refuse to start over it), never signalled.
     */
    void stopOrphanedPostmaster() throws IOException {
        if (hasLiveOwner()) {
            return;
        }
        Optional<PostmasterProcess> orphan = PostmasterProcess.of(dataDirectory);
        if (orphan.isPresent()) {
            log.warn("Stopping PostgreSQL process {} left running on {} by a process that is gone", orphan.get().pid(),
                    dataDirectory);
            if (!orphan.get().stopFast(Duration.ofSeconds(30))) {
                throw new IllegalStateException("PostgreSQL process " + orphan.get().pid() + " still runs on " + dataDirectory
                        + " after pg_ctl stop; stop it before starting OpenIRN");
            }
            return;
        }
        if (PostmasterProcess.pidFileNamesAnotherLiveProcess(dataDirectory) && !PostmasterProcess.anyPostgresServing(dataDirectory)) {
            Path pidFile = dataDirectory.resolve("postmaster.pid");
            log.warn("{} names a live process that is not PostgreSQL on this directory (a reused pid); setting it aside", pidFile);
            Files.move(pidFile, pidFile.resolveSibling("postmaster.pid.stale"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Records this JVM as the user of the data directory. */
    void claim() throws IOException {
        Files.writeString(ownerFile(), Long.toString(ProcessHandle.current().pid()));
    }

    private Path ownerFile() {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + "." + OWNER_FILE);
    }

    private static Optional<Long> pid(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
