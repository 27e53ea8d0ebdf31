package dev.openirn.server.database;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL already serving a data directory, found through its {@code postmaster.pid} (line 1 the
 * process id, line 4 the port). Lets a second process on the same data directory (the admin command
 * while the server runs, or a second node on one machine) connect to it instead of starting another.
 */
public record RunningPostmaster(long pid, int port) {

    public static Optional<RunningPostmaster> in(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (!alive || !accepts(port)) {
                return Optional.empty(); // stale file of a crashed server: PostgreSQL itself cleans it up on start
            }
            return Optional.of(new RunningPostmaster(pid, port));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
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
