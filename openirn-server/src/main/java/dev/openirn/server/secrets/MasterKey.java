package dev.openirn.server.secrets;

import dev.openirn.server.OpenIrnProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The key that wraps every credential's data key: {@code OPENIRN_MASTER_KEY} (or
 * {@code openirn.master-key}), base64 of 32 bytes; otherwise {@code master.key} in the data directory,
 * created on first start readable by its owner only. Nodes that share a database must share this key.
 */
@Component
class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    static final String FILE_NAME = "master.key";

    private final SecretKey key;
    private final String id;

    MasterKey(Environment environment, OpenIrnProperties properties) {
        String configured = environment.getProperty("openirn.master-key", environment.getProperty("OPENIRN_MASTER_KEY"));
        byte[] bytes;
        if (configured != null && !configured.isBlank()) {
            bytes = decode(configured.strip(), "OPENIRN_MASTER_KEY");
            log.info("Credential master key from configuration (id {})", fingerprint(bytes));
        } else {
            Path file = properties.dataDir().resolve(FILE_NAME).toAbsolutePath();
            bytes = loadOrCreate(file);
            log.info("Credential master key from {} (id {})", file, fingerprint(bytes));
        }
        this.key = new SecretKeySpec(bytes, "AES");
        this.id = fingerprint(bytes);
    }

    SecretKey key() {
        return key;
    }

    /** Names the key without revealing it, so a row encrypted under another master key is recognised. */
    String id() {
        return id;
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path temporary = Files.createTempFile(file.getParent(), ".master", ".tmp");
                try {
                    ownerOnly(temporary);
                    Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                    Files.createLink(file, temporary); // atomic: of two processes starting together, one wins
                    log.info("Created the credential master key {}; back it up with the database", file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it first: use theirs
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the credential master key " + file, e);
        }
    }

    private static void ownerOnly(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The credential master key in " + source + " is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("The credential master key in " + source + " must be 32 bytes, not " + bytes.length);
        }
        return bytes;
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "mk_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
