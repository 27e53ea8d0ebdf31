package dev.openirn.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Named connection profiles (base URL, client id, secret) in {@code <config dir>/openirn/profiles.properties},
 * readable by the owner only. The config directory is {@code $OPENIRN_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME},
 * else {@code %APPDATA%} on Windows, else {@code ~/.config}.
 */
final class Profiles {

    record Profile(String baseUrl, String clientId, String clientSecret) {
    }

    private final Path file;

    Profiles(Map<String, String> environment) {
        this.file = directory(environment).resolve("profiles.properties");
    }

    Path file() {
        return file;
    }

    static Path directory(Map<String, String> environment) {
        String explicit = environment.get("OPENIRN_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "openirn");
        }
        String appData = environment.get("APPDATA");
        if (appData != null && !appData.isBlank() && System.getProperty("os.name", "").startsWith("Windows")) {
            return Path.of(appData, "openirn");
        }
        return Path.of(System.getProperty("user.home"), ".config", "openirn");
    }

    Profile load(String name) throws IOException {
        Properties all = read();
        String baseUrl = all.getProperty(name + ".base-url");
        if (baseUrl == null) {
            return null;
        }
        return new Profile(baseUrl, all.getProperty(name + ".client-id"), all.getProperty(name + ".client-secret"));
    }

    /** Writes through a temporary file created owner-only, so the secret is never readable by others, not even briefly. */
    void save(String name, Profile profile) throws IOException {
        Properties all = read();
        all.setProperty(name + ".base-url", profile.baseUrl());
        all.setProperty(name + ".client-id", profile.clientId());
        all.setProperty(name + ".client-secret", profile.clientSecret());
        Path directory = file.getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
        Path temporary = posix
                ? Files.createTempFile(directory, ".profiles", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, ".profiles", ".tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            all.store(out, "openirn profiles: client secrets, keep private");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private Properties read() throws IOException {
        Properties all = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                all.load(in);
            }
        }
        return all;
    }
}
