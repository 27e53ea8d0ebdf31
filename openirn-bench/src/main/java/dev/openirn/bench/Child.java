package dev.openirn.bench;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark started (server node or floors). Its output goes to a file; it is stopped at the
 * end of the run, and by a shutdown hook if the benchmark itself is interrupted, together with its
 * descendants (the embedded PostgreSQL processes), so nothing outlives the run.
 */
final class Child implements AutoCloseable {

    private static final Set<Child> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Child::close), "bench-children-stop"));
    }

    final String name;
    final Process process;
    final long startedNanos;
    final Path log;
    private final Path postmasterPid;

    private Child(String name, Process process, long startedNanos, Path log, Path postmasterPid) {
        this.name = name;
        this.postmasterPid = postmasterPid;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    /**
     * @param postmasterPid the pid file of an embedded PostgreSQL the child runs (null if none): the postmaster
     *                      daemonises, so it is no descendant, and is stopped through this file if the child left it
     */
    static Child start(String name, Path postmasterPid, List<String> command, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long started = System.nanoTime();
        Child child = new Child(name, builder.start(), started, log, postmasterPid);
        LIVE.add(child);
        return child;
    }

    static List<String> java(List<String> jvmArgs, List<String> tail) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(tail);
        return command;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Resident set size in bytes from /proc/&lt;pid&gt;/status (VmRSS), or -1 where there is no /proc. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or no procfs
        }
        return -1;
    }

    /** SIGTERM (graceful: the server stops its PostgreSQL), then SIGKILL for it and whatever it left behind. */
    @Override
    public void close() {
        if (!LIVE.remove(this)) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
            }
        }
        stopOrphanedPostmaster();
    }

    /** Stops the child's postmaster, which outlives a killed JVM, as PostgreSQL expects: pg_ctl stop -m fast. */
    private void stopOrphanedPostmaster() {
        if (postmasterPid == null || !Files.isRegularFile(postmasterPid)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
            Path dataDirectory = postmasterPid.getParent().toAbsolutePath();
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(postmaster -> {
                List<String> commandLine = commandLine(postmaster);
                // A pid file may outlive its postmaster and the pid be reused: only a postgres on this directory is stopped.
                if (commandLine.size() < 3 || !commandLine.get(0).endsWith("/postgres")
                        || !commandLine.contains(dataDirectory.toString())) {
                    return;
                }
                List<String> pgCtl = new ArrayList<>();
                if (LinuxUtils.isUnshareAvailable()) {
                    pgCtl.addAll(List.of("unshare", "-U")); // pg_ctl refuses to run as root
                }
                pgCtl.addAll(List.of(Path.of(commandLine.get(0)).resolveSibling("pg_ctl").toString(), "stop", "-D",
                        dataDirectory.toString(), "-m", "fast", "-w", "-t", "30"));
                try {
                    new ProcessBuilder(pgCtl).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start().waitFor(40, TimeUnit.SECONDS);
                    postmaster.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    postmaster.destroy();
                }
            });
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private static List<String> commandLine(ProcessHandle process) {
        try {
            String raw = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return List.of(raw.split("\0"));
        } catch (IOException | RuntimeException noProc) {
            List<String> all = new ArrayList<>();
            process.info().command().ifPresent(all::add);
            process.info().arguments().ifPresent(arguments -> all.addAll(List.of(arguments)));
            return all;
        }
    }
}
