package dev.openirn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The JVMs a run starts: the floors JVM and the server nodes (from the boot jar), on free loopback
 * ports, with their data directories and logs under the output directory. {@link #close()} stops
 * every one still running.
 */
final class Nodes implements AutoCloseable {

    private final Benchmark.Settings settings;
    private final Http http;
    private final Path logs;
    private final Path serverData;
    private final Path floorData;
    private Child server;
    private Child floors;
    private Child node2;
    private int serverPort;
    private int serverSandboxPort;
    private String floorUrl;
    private String floorSandboxUrl;

    Nodes(Benchmark.Settings settings, Http http, Path out) {
        this.settings = settings;
        this.http = http;
        this.logs = out.resolve("logs");
        this.serverData = out.resolve("server-data");
        this.floorData = out.resolve("floor-data");
    }

    /** Our own classpath, for the floor JVM: surefire's when under test, the jar (and its lib/) otherwise. */
    static String ownClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Every run starts from empty data directories and logs. */
    void clearDirectories() throws IOException {
        deleteRecursively(serverData);
        deleteRecursively(floorData);
        deleteRecursively(logs);
        Files.createDirectories(logs);
    }

    /** Starts the floors JVM without waiting for it, and picks the server's ports. */
    void startFloors() throws IOException {
        int floorPort = freePort();
        int floorSandboxPort = freePort();
        floors = Child.start("floors", floorData.resolve("postgres").resolve("postmaster.pid"), Child.java(List.of("-cp", ownClasspath()),
                List.of("dev.openirn.bench.floor.FloorMain", String.valueOf(floorPort), String.valueOf(floorSandboxPort),
                        floorData.toString())), logs.resolve("floors.log"));
        floorUrl = "http://127.0.0.1:" + floorPort;
        floorSandboxUrl = "http://127.0.0.1:" + floorSandboxPort;
        serverPort = freePort();
        serverSandboxPort = freePort();
    }

    void awaitFloors() throws InterruptedException {
        if (!http.awaitOk(floorUrl + "/floor/rows/none", settings.phaseTimeout(), floors, 404)) {
            throw new IllegalStateException("floors did not start; see " + floors.log);
        }
    }

    /** Starts the server node on its data directory and waits until it is healthy; seconds from start to healthy. */
    double startServer(String name) throws IOException, InterruptedException {
        server = startNode(name, serverPort, serverSandboxPort, List.of());
        return awaitHealthy(server, serverPort);
    }

    /**
     * How the server's last start got its beans: from the build's ahead-of-time definitions, as the README's
     * command starts it, or resolved at run time because a setting changes them (the start logs which).
     */
    String serverBeanDefinitions() throws IOException {
        String log = Files.readString(logs.resolve("server.log"));
        if (log.contains("Using the bean definitions prepared at build time")) {
            return "prepared at build time";
        }
        int fallback = log.indexOf("may change which beans the server has");
        return fallback < 0 ? "resolved at run time"
                : "resolved at run time: " + log.substring(log.lastIndexOf(':', fallback) + 2, fallback).trim();
    }

    void stopServer() {
        server.close();
    }

    /** A second server node on the first node's PostgreSQL, healthy; its base URL. */
    String startSecondNode() throws IOException, InterruptedException {
        int port2 = freePort();
        node2 = startNode("server-node2", port2, 0, List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + serverPostgresPort() + "/postgres",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + serverDatabasePassword()));
        awaitHealthy(node2, port2);
        return "http://127.0.0.1:" + port2;
    }

    private Child startNode(String name, int port, int sandboxPort, List<String> extra) throws IOException {
        // The heap the README's start command gives the server; --server-jvm-arg may override it.
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        Path archive = settings.serverJar().resolveSibling(Benchmark.CDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            // As the README starts it: the extracted jar with the class-data-sharing archive the build recorded.
            jvm.add("-XX:SharedArchiveFile=" + archive);
        }
        // As the README starts it: the bean definitions the build recorded (an external database turns them off).
        jvm.add("-Dspring.aot.enabled=true");
        jvm.addAll(settings.serverJvmArgs());
        jvm.add("-jar");
        jvm.add(settings.serverJar().toString());
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--openirn.data-dir=" + serverData,
                "--openirn.sandbox.port=" + sandboxPort,
                "--openirn.bootstrap.client-id=" + Benchmark.CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + Benchmark.CLIENT_SECRET,
                // The drain should measure throughput, not backoff: capped at 2 s instead of 10 min.
                "--openirn.retry.initial-delay=500ms",
                "--openirn.retry.max-delay=2s",
                // One client drives the whole load: the per-client limit stays on (its cost is measured)
                // but is raised far above what the benchmark sends.
                "--openirn.rate-limit.api=100000000",
                "--openirn.rate-limit.token=100000",
                // The bulk scenario may send more invoices in one batch than the default 1,000 (about 1 KB each).
                "--openirn.batches.max-items=" + Math.max(1000, settings.bulkBatchSize()),
                "--openirn.http.max-batch-body-size=" + Math.max(16, settings.bulkBatchSize() / 500) + "MB"));
        args.addAll(extra);
        args.addAll(settings.serverArgs());
        Path postmasterPid = extra.isEmpty() ? serverData.resolve("postgres").resolve("postmaster.pid") : null;
        return Child.start(name, postmasterPid, Child.java(jvm, args), logs.resolve(name + ".log"));
    }

    private double awaitHealthy(Child child, int port) throws InterruptedException {
        if (!http.awaitOk("http://127.0.0.1:" + port + "/actuator/health", settings.phaseTimeout(), child, 200)) {
            throw new IllegalStateException(child.name + " did not become healthy; see " + child.log);
        }
        return (System.nanoTime() - child.startedNanos) / 1e9;
    }

    Child server() {
        return server;
    }

    String serverUrl() {
        return "http://127.0.0.1:" + serverPort;
    }

    String serverSandboxUrl() {
        return "http://127.0.0.1:" + serverSandboxPort;
    }

    String floorUrl() {
        return floorUrl;
    }

    String floorSandboxUrl() {
        return floorSandboxUrl;
    }

    /** The JVMs whose CPU a scenario costs: the floors JVM, or every server node running. */
    List<Child> underTest(boolean floorScenario) {
        return floorScenario ? List.of(floors) : node2 != null ? List.of(server, node2) : List.of(server);
    }

    /** The pid file of the PostgreSQL a scenario writes to. */
    Path postmasterPid(boolean floorScenario) {
        return (floorScenario ? floorData : serverData).resolve("postgres").resolve("postmaster.pid");
    }

    int serverPostgresPort() throws IOException {
        List<String> lines = Files.readAllLines(serverData.resolve("postgres").resolve("postmaster.pid"));
        return Integer.parseInt(lines.get(3).trim());
    }

    String serverDatabasePassword() throws IOException {
        return databasePassword(serverData.resolve("postgres"));
    }

    String serverDurability() throws IOException, SQLException {
        return durability(serverData.resolve("postgres"));
    }

    String floorDurability() throws IOException, SQLException {
        return durability(floorData.resolve("postgres"));
    }

    /**
     * The password of an embedded PostgreSQL: the server keeps it next to its data directory
     * ({@code postgres.password}); the floors' database has none (it trusts local connections).
     */
    static String databasePassword(Path postgresDataDirectory) throws IOException {
        Path file = postgresDataDirectory.resolveSibling(postgresDataDirectory.getFileName() + ".password");
        return Files.isRegularFile(file) ? Files.readString(file).strip() : "postgres";
    }

    private static String durability(Path postgresDataDirectory) throws IOException, SQLException {
        int port = Integer.parseInt(Files.readAllLines(postgresDataDirectory.resolve("postmaster.pid")).get(3).trim());
        List<String> settingsShown = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres",
                databasePassword(postgresDataDirectory))) {
            for (String setting : List.of("fsync", "full_page_writes", "synchronous_commit")) {
                try (PreparedStatement show = db.prepareStatement("show " + setting); ResultSet result = show.executeQuery()) {
                    result.next();
                    settingsShown.add(setting + "=" + result.getString(1));
                }
            }
        }
        return String.join(", ", settingsShown);
    }

    @Override
    public void close() {
        for (Child child : new Child[] {node2, server, floors}) {
            if (child != null) {
                child.close();
            }
        }
    }

    /** A port free on this machine right now, for a child process to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
