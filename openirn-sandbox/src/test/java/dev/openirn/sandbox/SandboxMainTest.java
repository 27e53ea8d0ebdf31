package dev.openirn.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standalone sandbox's command line: {@code --opt value} and {@code --opt=value} alike, and {@code --help}. */
class SandboxMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsEveryOption() {
        int code = SandboxMain.run(new CountDownLatch(0), new PrintWriter(out), new PrintWriter(err), "--help");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("--port", "--data-dir", "--host", "--rules", "--hsn-file", "--irps");
    }

    @Test
    void irpsOutOfRangeIsBadUsage() {
        int code = SandboxMain.run(new CountDownLatch(0), new PrintWriter(out), new PrintWriter(err), "--irps=0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--irps must be within 1..9");
    }

    @Test
    void actsAsSeveralIrpsWithIrps() throws Exception {
        Path dataDir = Files.createTempDirectory("sandbox-main-");
        int port = freePort();
        serveAndStop(port, "--port=" + port, "--data-dir=" + dataDir, "--irps", "2");
        assertThat(out.toString()).contains("IRP sandbox-1:", "http://127.0.0.1:" + port + "/irp/sandbox-2");
        HttpClient http = HttpClient.newHttpClient();
        int otherPort = freePort();
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = runner.submit(() -> SandboxMain.run(stop, new PrintWriter(out), new PrintWriter(err),
                    "--port=" + otherPort, "--data-dir=" + dataDir, "--irps=2"));
            try {
                awaitAnswer(URI.create("http://127.0.0.1:" + otherPort + "/sandbox/keys/encryption.pem"), exit);
                HttpResponse<String> stats = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + otherPort + "/sandbox/stats")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(stats.body()).contains("\"sandbox-1\"", "\"sandbox-2\"");
                HttpResponse<String> armed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + otherPort + "/sandbox/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"gsp_down\",\"irp\":\"sandbox-3\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(armed.statusCode()).isEqualTo(400);
                assertThat(armed.body()).contains("No IRP named sandbox-3");
            } finally {
                stop.countDown();
            }
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    @Test
    void unknownRulesAreBadUsage() {
        int code = SandboxMain.run(new CountDownLatch(0), new PrintWriter(out), new PrintWriter(err), "--rules=strictest");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nic or lenient");
    }

    @Test
    void unknownOptionIsBadUsage() {
        int code = SandboxMain.run(new CountDownLatch(0), new PrintWriter(out), new PrintWriter(err), "--prot=9090");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--prot=9090");
    }

    @Test
    void startsWithEqualsFormAndWithSeparateValues() throws Exception {
        Path dataDir = Files.createTempDirectory("sandbox-main-");
        int port = freePort();
        serveAndStop(port, "--port=" + port, "--data-dir=" + dataDir, "--host=127.0.0.1");
        int otherPort = freePort();
        serveAndStop(otherPort, "--port", Integer.toString(otherPort), "--data-dir", dataDir.toString(), "--host", "127.0.0.1");
    }

    /** Runs the sandbox with {@code args}, checks it answers on {@code port}, then stops it (PostgreSQL with it). */
    private void serveAndStop(int port, String... args) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = runner.submit(() -> SandboxMain.run(stop, new PrintWriter(out), new PrintWriter(err), args));
            try {
                HttpResponse<String> key = awaitAnswer(URI.create("http://127.0.0.1:" + port + "/sandbox/keys/encryption.pem"), exit);
                assertThat(key.statusCode()).isEqualTo(200);
                assertThat(key.body()).contains("PUBLIC KEY");
            } finally {
                stop.countDown();
            }
            assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        } finally {
            runner.shutdownNow();
        }
    }

    private static HttpResponse<String> awaitAnswer(URI uri, Future<Integer> exit) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (exit.isDone()) {
                throw new AssertionError("the sandbox exited with " + exit.get() + " before answering");
            }
            try {
                return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
