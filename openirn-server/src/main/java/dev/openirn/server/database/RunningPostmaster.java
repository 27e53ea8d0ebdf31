package dev.openirn.server.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A PostgreSQL already serving a data directory, found through its {@code postmaster.pid} and confirmed
 * to be a postgres on that directory ({@link PostmasterProcess}). Lets a second process on the same data
 * directory (the admin command while the server runs, or a second node on one machine) connect to it
 * instead of starting another.
 */
public record RunningPostmaster(long pid, int port) {

    public static Optional<RunningPostmaster> in(Path dataDirectory) {
        // stale file of a crashed server, or its pid reused by another process: PostgreSQL cleans it up on start
        return PostmasterProcess.of(dataDirectory).filter(postmaster -> accepts(postmaster.port()))
                .map(postmaster -> new RunningPostmaster(postmaster.pid(), postmaster.port()));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
