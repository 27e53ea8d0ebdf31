package dev.openirn.server.retry;

import dev.openirn.server.database.PostmasterProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.ApiClient;
import dev.openirn.server.OpenIrnApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real server in a child JVM on a data directory, so a test can SIGKILL it like a crash. The
 * embedded PostgreSQL outlives a SIGKILLed JVM (the next start stops it); {@link #stopDatabaseOf}
 * stops whatever is left at the end of a test.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ServerProcess start(Path dataDir, int port, int sandboxPort, String name, List<String> settings)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", classpath,
                OpenIrnApplication.class.getName(), "--openirn.sandbox.port=" + sandboxPort));
        return launch(command, dataDir, port, name, settings);
    }

    /** The packaged boot jar as the README starts it, with the given JVM flags (after the README's heap). */
    public static ServerProcess startJar(Path jar, List<String> jvmFlags, Path dataDir, int port, String name,
            List<String> settings) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-jar", jar.toString()));
        return launch(command, dataDir, port, name, settings);
    }

    private static ServerProcess launch(List<String> command, Path dataDir, int port, String name, List<String> settings)
            throws IOException {
        command.addAll(List.of(
                "--server.port=" + port,
                "--openirn.data-dir=" + dataDir,
                "--openirn.bootstrap.client-id=" + ApiClient.CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + ApiClient.CLIENT_SECRET));
        command.addAll(settings);
        Path log = dataDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerProcess(process, port, log);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** What the server has logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until the server answers its health check; a fresh client (new token) for it. */
    public ApiClient awaitHealthy() {
        ApiClient api = new ApiClient(port);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server process exited early").isTrue();
            try {
                ApiClient.Reply health = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/actuator/health")).GET());
                if (health.status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYetListening) {
                // keep waiting
            }
            sleep(250);
        }
        throw new AssertionError("server on port " + port + " did not become healthy");
    }

    /** SIGKILL: no shutdown hooks, no graceful stop, the embedded PostgreSQL left running. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A graceful stop (which stops the embedded PostgreSQL too), forced after a while. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Stops a PostgreSQL still serving {@code dataDir} (left by a killed server). */
    public static void stopDatabaseOf(Path dataDir) {
        PostmasterProcess.of(dataDir.resolve("postgres")).ifPresent(leftover -> leftover.stopFast(Duration.ofSeconds(30)));
    }

    /** A call to the in-process sandbox's admin API (faults, stats), which answers loopback callers only. */
    public static ApiClient.Reply sandboxAdmin(ApiClient api, int sandboxPort, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return api.send(request);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
