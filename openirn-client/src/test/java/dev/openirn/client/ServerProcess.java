package dev.openirn.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The OpenIRN server as a user runs it: its boot jar in a JVM of its own, on free loopback ports, an empty data
 * directory and the in-process sandbox, with a known test client. {@link #close()} stops it and its embedded
 * PostgreSQL (through the postmaster's pid file if the JVM left it behind). Shared with the CLI's tests
 * through this module's test jar.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String CLIENT_ID = "ofin_test_client";
    public static final String CLIENT_SECRET = "openirn-client-test-secret";

    private final Process process;
    private final Path dataDir;
    private final Path log;
    final int port;
    final int sandboxPort;

    private ServerProcess(Process process, Path dataDir, Path log, int port, int sandboxPort) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.sandboxPort = sandboxPort;
    }

    public static ServerProcess start(Path serverJar, Path workDir) throws Exception {
        Path dataDir = workDir.resolve("server-data");
        deleteRecursively(dataDir);
        Files.createDirectories(workDir);
        Path log = workDir.resolve("server.log");
        int port = freePort();
        int sandboxPort = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", serverJar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--openirn.data-dir=" + dataDir.toAbsolutePath(),
                "--openirn.sandbox.port=" + sandboxPort,
                "--openirn.bootstrap.client-id=" + CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + CLIENT_SECRET,
                "--openirn.rate-limit.api=100000000",
                "--openirn.rate-limit.token=100000"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, dataDir, log, port, sandboxPort);
        try {
            server.awaitHealthy(Duration.ofMinutes(3));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The sandbox's counters ({@code registrations}, {@code generateCalls}, {@code duplicates}, …) as JSON text. */
    public String sandboxStats() throws IOException, InterruptedException {
        HttpResponse<String> stats = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/sandbox/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        return stats.body();
    }

    public long sandboxRegistrations() throws IOException, InterruptedException {
        Matcher matcher = Pattern.compile("\"registrations\"\\s*:\\s*(\\d+)").matcher(sandboxStats());
        if (!matcher.find()) {
            throw new IllegalStateException("no registrations in " + sandboxStats());
        }
        return Long.parseLong(matcher.group(1));
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not become healthy in " + timeout + "; see " + log);
    }

    /** SIGTERM (the server stops its PostgreSQL), SIGKILL after 30 s, then any postmaster left on our data directory. */
    @Override
    public void close() {
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
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        stopOrphanedPostmaster(dataDir.resolve("postgres"));
    }

    private static void stopOrphanedPostmaster(Path postgresDir) {
        Path pidFile = postgresDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(postmaster -> {
                String commandLine = postmaster.info().commandLine().orElse("");
                // A stale pid file's pid may belong to someone else now: only a postgres on this directory is stopped.
                if (commandLine.contains("postgres") && commandLine.contains(postgresDir.toAbsolutePath().toString())) {
                    postmaster.destroy(); // SIGTERM: PostgreSQL's smart shutdown
                    try {
                        postmaster.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        postmaster.destroyForcibly();
                    }
                }
            });
        } catch (IOException | RuntimeException alreadyGone) {
            // nothing left to stop
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
