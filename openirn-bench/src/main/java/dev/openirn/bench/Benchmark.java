package dev.openirn.bench;

import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.sandbox.IrpSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One benchmark run: floors and OpenIRN scenarios on this machine, side by side. Every child JVM is
 * stopped before {@link #run()} returns (and by a shutdown hook if the run is interrupted).
 */
final class Benchmark {

    static final String CLIENT_ID = "ofin_test_bench";
    static final String CLIENT_SECRET = "openirn-bench-secret-not-for-production";

    record Settings(int requests, int openRequests, int warmup, int repetitions, int concurrency, double loadFraction,
            int drain, Duration phaseTimeout, Duration drainTimeout, Path out, Path serverJar, List<String> serverJvmArgs,
            List<String> serverArgs, boolean twoNodes) {
    }

    /** One row of the main table. */
    record Row(String scenario, String what, String floor, Stat throughput, double offered, Stat p50, Stat p95,
            Stat p99, long errors, String firstError, Cost cost) {
    }

    /** CPU per request of the JVM(s) under test, of their PostgreSQL and of this load generator; commits per request. */
    record Cost(double jvmMs, double postgresMs, double benchMs, double writeTransactions, double walBytes) {
    }

    /** Cumulative counters, so a phase's cost is the difference of two snapshots. */
    private record Counters(double jvmMs, double postgresMs, double benchMs, long transactions, long walBytes) {
    }

    record Report(String markdown, List<Row> rows, Map<String, String> other) {
    }

    private final Settings settings;
    private final Http http = new Http();
    private final Invoices invoices = new Invoices();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> other = new java.util.LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private final Path out;
    private final Path logs;
    private final List<Double> rssSamples = new CopyOnWriteArrayList<>();
    private final List<Double> heapSamples = new CopyOnWriteArrayList<>();
    private volatile Child sampled;
    private volatile String sampledUrl;
    private Child server;
    private Child floors;
    private Child node2;
    private int serverPort;
    private int serverSandboxPort;
    private Path serverData;

    Benchmark(Settings settings) {
        this.settings = settings;
        this.out = settings.out().toAbsolutePath();
        this.logs = out.resolve("logs");
    }

    /** The server boot jar the build copies next to this module's classes or jar. */
    static Path defaultServerJar() {
        try {
            Path code = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = Files.isDirectory(code) ? code.getParent() : code.getParent();
            return target.resolve("openirn-server.jar");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Our own classpath, for the floor JVM: surefire's when under test, the jar (and its lib/) otherwise. */
    static String ownClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    Report run() throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalStateException("No server jar at " + settings.serverJar()
                    + "; build first: ./mvnw -q -B install -DskipTests");
        }
        deleteRecursively(out.resolve("server-data"));
        deleteRecursively(out.resolve("floor-data"));
        deleteRecursively(logs);
        Files.createDirectories(logs);
        serverData = out.resolve("server-data");
        Thread sampler = startSampler();
        try {
            startFloorsAndInitialiseServer();
            coldStarts();
            measureFloors();
            measureServer();
            measureDrain();
            if (settings.twoNodes()) {
                measureTwoNodes();
            }
        } finally {
            sampler.interrupt();
            for (Child child : new Child[] {node2, server, floors}) {
                if (child != null) {
                    child.close();
                }
            }
        }
        String markdown = markdown();
        Files.writeString(out.resolve("results.md"), markdown);
        return new Report(markdown, List.copyOf(rows), Map.copyOf(other));
    }

    // --- processes

    private void startFloorsAndInitialiseServer() throws Exception {
        int floorPort = freePort();
        int floorSandboxPort = freePort();
        floors = Child.start("floors", out.resolve("floor-data").resolve("postgres").resolve("postmaster.pid"), Child.java(List.of("-cp", ownClasspath()),
                List.of("dev.openirn.bench.floor.FloorMain", String.valueOf(floorPort), String.valueOf(floorSandboxPort),
                        out.resolve("floor-data").toString())), logs.resolve("floors.log"));
        floorUrl = "http://127.0.0.1:" + floorPort;
        floorSandboxUrl = "http://127.0.0.1:" + floorSandboxPort;
        serverPort = freePort();
        serverSandboxPort = freePort();
        // First start on an empty data directory: initdb, migrations, keys. Reported, not a target.
        server = startNode("server-initial", serverPort, serverSandboxPort, List.of());
        double initial = awaitHealthy(server, serverPort);
        other.put("First start on an empty data directory (initdb, migrations, keys), s", fmt(initial, "%.1f"));
        if (!http.awaitOk(floorUrl + "/floor/rows/none", settings.phaseTimeout(), floors, 404)) {
            throw new IllegalStateException("floors did not start; see " + floors.log);
        }
        // Like for like: the floors' PostgreSQL must flush to disk exactly as the server's does.
        other.put("Database durability, server", durability(serverData.resolve("postgres")));
        other.put("Database durability, floors", durability(out.resolve("floor-data").resolve("postgres")));
        server.close();
    }

    private void coldStarts() throws Exception {
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < settings.repetitions(); r++) {
            server = startNode("server", serverPort, serverSandboxPort, List.of());
            times.add(awaitHealthy(server, serverPort));
            if (r < settings.repetitions() - 1) {
                server.close();
            }
        }
        Stat cold = Stat.of(times);
        other.put("Cold start to healthy, initialised data directory, s", cold.format("%.2f"));
        target("Cold start to healthy (initialised data dir) ≤ 6 s", cold.format("%.2f") + " s", cold.median() <= 6);
        sampled = server;
        sampledUrl = "http://127.0.0.1:" + serverPort;
    }

    private Child startNode(String name, int port, int sandboxPort, List<String> extra) throws IOException {
        // The heap the README's start command gives the server; --server-jvm-arg may override it.
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
        jvm.addAll(settings.serverJvmArgs());
        jvm.add("-jar");
        jvm.add(settings.serverJar().toString());
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--openirn.data-dir=" + serverData,
                "--openirn.sandbox.port=" + sandboxPort,
                "--openirn.bootstrap.client-id=" + CLIENT_ID,
                "--openirn.bootstrap.client-secret=" + CLIENT_SECRET,
                "--management.endpoints.web.exposure.include=health,info,prometheus,metrics",
                // The drain should measure throughput, not backoff: capped at 2 s instead of 10 min.
                "--openirn.retry.initial-delay=500ms",
                "--openirn.retry.max-delay=2s",
                // One client drives the whole load: the per-client limit stays on (its cost is measured)
                // but is raised far above what the benchmark sends.
                "--openirn.rate-limit.api=100000000",
                "--openirn.rate-limit.token=100000"));
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

    // --- floors

    private String floorUrl;
    private String floorSandboxUrl;

    private void measureFloors() throws Exception {
        ConcurrentLinkedQueue<String> floorIds = new ConcurrentLinkedQueue<>();
        AtomicLong kept = new AtomicLong();
        Load.Call floorGenerate = () -> {
            HttpResponse<String> response = http.expect(Http.request(floorUrl + "/floor/generate")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(invoices.body(invoices.nextNumber('F')))).build(), 201);
            if (kept.incrementAndGet() <= 5000) {
                floorIds.add(Http.id(response.body()));
            }
        };
        measure("floor (a) generate", "bare Spring MVC/Tomcat: parse JSON, 1 insert (synchronous commit), 2 × RS256",
                null, floorGenerate, false);
        List<String> ids = List.copyOf(floorIds);
        AtomicLong next = new AtomicLong();
        measure("floor (b) select", "bare Spring MVC/Tomcat: 1 primary-key select", null, () -> http.expect(
                Http.request(floorUrl + "/floor/rows/" + ids.get((int) (next.getAndIncrement() % ids.size()))).GET()
                        .build(), 200), false);

        HttpResponse<String> key = http.expect(Http.request(floorSandboxUrl + "/sandbox/keys/encryption.pem").GET().build(), 200);
        HttpResponse<String> cert = http.expect(Http.request(floorSandboxUrl + "/sandbox/keys/signing-cert.pem").GET().build(), 200);
        NicClient nic = new NicClient(NicClientConfig.of(URI.create(floorSandboxUrl), IrpSandbox.DEFAULT_CLIENT_ID,
                IrpSandbox.DEFAULT_CLIENT_SECRET, NicClientConfig.parsePublicKey(key.body()))
                .withSigningCertificate(NicClientConfig.parseCertificate(cert.body())));
        NicCredentials login = new NicCredentials(Invoices.SELLER_GSTIN, IrpSandbox.DEFAULT_USER_NAME, IrpSandbox.DEFAULT_PASSWORD);
        measure("floor (c) IRP sandbox direct", "NicClient.generate → sandbox (login cached, AES, RS256 sign + verify)",
                null, () -> {
                    NicResult result = nic.generate(login, invoices.nicBody(invoices.nextNumber('C')));
                    if (!(result instanceof NicResult.Success)) {
                        throw new IOException("sandbox answered " + result);
                    }
                }, false);
    }

    // --- OpenIRN, one node

    private Http.Tokens tokens;
    private final List<String> generatedIds = new CopyOnWriteArrayList<>();
    private final List<String[]> replayable = new CopyOnWriteArrayList<>();

    private Load.Call generate(Function<Long, String> baseUrl, char letter, int expectedStatus, boolean keep) {
        AtomicLong counter = new AtomicLong();
        return () -> {
            String number = invoices.nextNumber(letter);
            String body = invoices.body(number);
            String key = "bench-" + number;
            HttpResponse<String> response = http.expect(Http.request(baseUrl.apply(counter.getAndIncrement()) + "/v1/einvoices")
                    .header("Authorization", tokens.bearer())
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), expectedStatus);
            if (keep && generatedIds.size() < 5000) {
                generatedIds.add(Http.id(response.body()));
                if (replayable.size() < 2000) {
                    replayable.add(new String[] {key, body});
                }
            }
        };
    }

    private void measureServer() throws Exception {
        String base = "http://127.0.0.1:" + serverPort;
        tokens = http.new Tokens(base, CLIENT_ID, CLIENT_SECRET);
        measure("OpenIRN generate", "POST /v1/einvoices, unique documents → 201 (sandbox IRP, embedded PostgreSQL)",
                "floor (a) generate", generate(i -> base, 'G', 201, true), true);
        List<String> ids = List.copyOf(generatedIds);
        AtomicLong next = new AtomicLong();
        measure("OpenIRN GET by id", "GET /v1/einvoices/{id}", "floor (b) select", () -> http.expect(
                Http.request(base + "/v1/einvoices/" + ids.get((int) (next.getAndIncrement() % ids.size())))
                        .header("Authorization", tokens.bearer()).GET().build(), 200), true);
        measure("OpenIRN GET status", "GET /v1/einvoices/{id}/status", "floor (b) select", () -> http.expect(
                Http.request(base + "/v1/einvoices/" + ids.get((int) (next.getAndIncrement() % ids.size())) + "/status")
                        .header("Authorization", tokens.bearer()).GET().build(), 200), true);
        List<String[]> replays = List.copyOf(replayable);
        measure("OpenIRN idempotent replay", "POST /v1/einvoices, same Idempotency-Key and body → stored 201",
                "floor (b) select", () -> {
                    String[] pair = replays.get((int) (next.getAndIncrement() % replays.size()));
                    HttpResponse<String> response = http.expect(Http.request(base + "/v1/einvoices")
                            .header("Authorization", tokens.bearer())
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", pair[0])
                            .POST(HttpRequest.BodyPublishers.ofString(pair[1])).build(), 201);
                    if (!"true".equals(response.headers().firstValue("Idempotent-Replay").orElse(null))) {
                        throw new IOException("not a replay");
                    }
                }, true);
        other.put("Server RSS under load, max sampled (VmRSS), MiB", rssSamples.isEmpty() ? "–"
                : fmt(rssSamples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / (1 << 20), "%.0f"));
        other.put("Server heap used under load, max sampled (jvm.memory.used area=heap), MiB", heapSamples.isEmpty() ? "–"
                : fmt(heapSamples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / (1 << 20), "%.0f"));
    }

    // --- retry drain

    private void measureDrain() throws Exception {
        int n = settings.drain();
        String base = "http://127.0.0.1:" + serverPort;
        String faults = "http://127.0.0.1:" + serverSandboxPort + "/sandbox/faults";
        http.expect(Http.request(faults).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"gsp_down\"}")).build(), 200);
        Load.Closed queued;
        try {
            queued = Load.closed(generate(i -> base, 'D', 202, false), n, settings.concurrency(), settings.drainTimeout());
        } finally {
            http.expect(Http.request(faults).DELETE().build(), 204, 200);
        }
        long upAt = System.nanoTime();
        String prefix = invoices.prefix('D') + "%";
        long generated = 0;
        long deadline = upAt + settings.drainTimeout().toNanos();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort() + "/postgres",
                "postgres", databasePassword(serverData.resolve("postgres")));
                PreparedStatement count = db.prepareStatement(
                        "select count(*) filter (where status = 'generated') from einvoice where invoice_number like ?")) {
            count.setString(1, prefix);
            while (System.nanoTime() < deadline) {
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    generated = result.getLong(1);
                }
                if (generated >= queued.completed()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        double drainSeconds = (System.nanoTime() - upAt) / 1e9;
        boolean drained = generated >= queued.completed();
        Load.Closed direct = Load.closed(generate(i -> base, 'E', 201, false), n, settings.concurrency(), settings.drainTimeout());
        double ratio = drainSeconds / direct.seconds();
        other.put("Retry drain: invoices queued while the IRP was down (GSP down), errors", queued.completed() + ", " + queued.errors()
                + (queued.firstError() == null ? "" : " (" + queued.firstError() + ")"));
        other.put("Retry drain: time to queue them, s", fmt(queued.seconds(), "%.1f"));
        other.put("Retry drain: IRP back → all generated, s", fmt(drainSeconds, "%.1f") + (drained ? "" : " (NOT drained: "
                + generated + " of " + queued.completed() + " generated within " + settings.drainTimeout() + ")"));
        other.put("Retry drain: generating the same number directly (closed loop), s", fmt(direct.seconds(), "%.1f")
                + " (" + direct.completed() + " ok, " + direct.errors() + " errors)");
        other.put("Retry drain ÷ direct", fmt(ratio, "%.2f"));
        target("Retry drain of " + n + " ≤ 2 × generating " + n + " directly",
                fmt(drainSeconds, "%.1f") + " s vs " + fmt(direct.seconds(), "%.1f") + " s = " + fmt(ratio, "%.2f") + " ×",
                drained && ratio <= 2);
    }

    /**
     * The password of an embedded PostgreSQL: the server keeps it next to its data directory
     * ({@code postgres.password}); the floors' database has none (it trusts local connections).
     */
    static String databasePassword(Path postgresDataDirectory) throws IOException {
        Path file = postgresDataDirectory.resolveSibling(postgresDataDirectory.getFileName() + ".password");
        return Files.isRegularFile(file) ? Files.readString(file).strip() : "postgres";
    }

    private String durability(Path postgresDataDirectory) throws IOException, java.sql.SQLException {
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

    private int postgresPort() throws IOException {
        List<String> lines = Files.readAllLines(serverData.resolve("postgres").resolve("postmaster.pid"));
        return Integer.parseInt(lines.get(3).trim());
    }

    // --- two nodes on one PostgreSQL

    private void measureTwoNodes() throws Exception {
        int port2 = freePort();
        node2 = startNode("server-node2", port2, 0, List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + postgresPort() + "/postgres",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + databasePassword(serverData.resolve("postgres"))));
        awaitHealthy(node2, port2);
        String[] bases = {"http://127.0.0.1:" + serverPort, "http://127.0.0.1:" + port2};
        measure("OpenIRN generate, two nodes", "as generate, requests alternating between two nodes on one PostgreSQL",
                "OpenIRN generate", generate(i -> bases[(int) (i % 2)], 'T', 201, false), false);
    }

    // --- measurement

    private void measure(String scenario, String what, String floor, Load.Call call, boolean sampleServer) throws Exception {
        System.err.printf(Locale.ROOT, "[bench] %s: warm-up %d%n", scenario, settings.warmup());
        Load.Closed warm = Load.closed(call, settings.warmup(), settings.concurrency(), settings.phaseTimeout());
        long errors = warm.errors();
        String firstError = warm.firstError();
        List<Double> throughput = new ArrayList<>();
        boolean floorScenario = scenario.startsWith("floor");
        List<Child> measured = floorScenario ? List.of(floors) : node2 != null ? List.of(server, node2) : List.of(server);
        Path postgresPid = (floorScenario ? out.resolve("floor-data") : serverData).resolve("postgres").resolve("postmaster.pid");
        Counters before = counters(measured, postgresPid);
        long completedTotal = 0;
        for (int r = 0; r < settings.repetitions(); r++) {
            Load.Closed closed = Load.closed(call, settings.requests(), settings.concurrency(), settings.phaseTimeout());
            completedTotal += closed.completed();
            throughput.add(closed.throughput());
            errors += closed.errors();
            firstError = firstError != null ? firstError : closed.firstError();
            if (sampleServer) {
                sampleHeap();
            }
            System.err.printf(Locale.ROOT, "[bench] %s: closed loop %d ok, %d errors, %.1f req/s%n", scenario,
                    closed.completed(), closed.errors(), closed.throughput());
        }
        Counters after = counters(measured, postgresPid);
        long n = Math.max(1, completedTotal);
        Cost cost = new Cost((after.jvmMs() - before.jvmMs()) / n, (after.postgresMs() - before.postgresMs()) / n,
                (after.benchMs() - before.benchMs()) / n,
                before.transactions() < 0 || after.transactions() < 0 ? -1 : (double) (after.transactions() - before.transactions()) / n,
                before.walBytes() < 0 || after.walBytes() < 0 ? -1 : (double) (after.walBytes() - before.walBytes()) / n);
        Stat saturation = Stat.of(throughput);
        double offered = Math.max(1, saturation.median() * settings.loadFraction());
        List<Double> p50 = new ArrayList<>();
        List<Double> p95 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int r = 0; r < settings.repetitions(); r++) {
            Load.Open open = Load.open(call, settings.openRequests(), offered, Math.max(64, settings.concurrency() * 4),
                    settings.phaseTimeout());
            errors += open.errors();
            firstError = firstError != null ? firstError : open.firstError();
            if (open.latencyMicros().getTotalCount() > 0) {
                p50.add(open.percentileMillis(50));
                p95.add(open.percentileMillis(95));
                p99.add(open.percentileMillis(99));
            }
            System.err.printf(Locale.ROOT, "[bench] %s: open loop at %.1f req/s, p50 %.2f ms p99 %.2f ms%n", scenario, offered,
                    open.percentileMillis(50), open.percentileMillis(99));
        }
        rows.add(new Row(scenario, what, floor, saturation, offered, Stat.of(p50), Stat.of(p95), Stat.of(p99), errors, firstError, cost));
    }

    private Counters counters(List<Child> jvms, Path postgresPid) {
        double jvm = 0;
        for (Child child : jvms) {
            jvm += cpuMillis(child.pid());
        }
        double postgres = 0;
        long transactions = -1;
        long walBytes = -1;
        try {
            List<String> pidFile = Files.readAllLines(postgresPid);
            // The embedded postmaster daemonises (its parent is init), so it is found by its pid file, not as a child.
            long postmaster = Long.parseLong(pidFile.get(0).trim());
            postgres += cpuMillis(postmaster);
            for (ProcessHandle backend : ProcessHandle.of(postmaster).map(p -> p.descendants().toList()).orElse(List.of())) {
                postgres += cpuMillis(backend.pid());
            }
            int port = Integer.parseInt(pidFile.get(3).trim());
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "postgres", databasePassword(postgresPid.getParent()));
                    PreparedStatement query = db.prepareStatement("select txid_snapshot_xmax(txid_current_snapshot()), "
                            + "pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
                    ResultSet result = query.executeQuery()) {
                result.next();
                transactions = result.getLong(1);
                walBytes = result.getLong(2);
            }
        } catch (Exception e) {
            // reported as missing
        }
        double bench = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
        return new Counters(jvm, postgres, bench, transactions, walBytes);
    }

    /** utime + stime of a process from /proc/&lt;pid&gt;/stat, in ms (USER_HZ 100); 0 if unreadable. */
    private static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private Thread startSampler() {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Child child = sampled;
                if (child != null && child.alive() && loadRunning()) {
                    long rss = child.rssBytes();
                    if (rss > 0) {
                        rssSamples.add((double) rss);
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return sampler;
    }

    private boolean loadRunning() {
        return tokens != null; // from the first server scenario on
    }

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");

    private void sampleHeap() {
        try {
            HttpResponse<String> response = http.send(Http.request(sampledUrl
                    + "/actuator/metrics/jvm.memory.used?tag=area:heap").GET().build());
            Matcher matcher = VALUE.matcher(response.body());
            if (response.statusCode() == 200 && matcher.find()) {
                heapSamples.add(Double.parseDouble(matcher.group(1)));
            }
        } catch (IOException e) {
            // not fatal: reported as missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- report

    private Row row(String scenario) {
        return rows.stream().filter(row -> row.scenario().equals(scenario)).findFirst().orElse(null);
    }

    private void target(String what, String measured, boolean met) {
        targets.add("| " + what + " | " + measured + " | " + (met ? "met" : "**missed**") + " |");
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## OpenIRN benchmark, ").append(Instant.now().toString(), 0, 16).append("Z\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores (availableProcessors), %s %s; JVM: %s %s (%s). "
                        + "Settings: %d warm-up + %d × %d closed-loop requests at %d clients; %d × %d open-loop requests at %.0f%% "
                        + "of the median saturation; drain of %d. Median of the repetitions, (min–max).%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("java.vendor"),
                settings.warmup(), settings.repetitions(), settings.requests(), settings.concurrency(), settings.repetitions(),
                settings.openRequests(), settings.loadFraction() * 100, settings.drain()));
        md.append("| Scenario | What it does | Throughput, req/s | × floor | Offered, req/s | p50, ms | p95, ms | p99, ms | Errors |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Row floor = row.floor() == null ? null : row(row.floor());
            String ratio = floor == null || !floor.throughput().present() ? "–"
                    : fmt(row.throughput().median() / floor.throughput().median(), "%.2f") + " × " + shortName(row.floor());
            md.append("| ").append(row.scenario()).append(" | ").append(row.what()).append(" | ")
                    .append(row.throughput().format("%.0f")).append(" | ").append(ratio).append(" | ")
                    .append(fmt(row.offered(), "%.0f")).append(" | ").append(row.p50().format("%.2f")).append(" | ")
                    .append(row.p95().format("%.2f")).append(" | ").append(row.p99().format("%.2f")).append(" | ")
                    .append(row.errors()).append(" |\n");
        }
        md.append("\nCost per request over the closed-loop repetitions: CPU from /proc/<pid>/stat; write transactions "
                + "(each a synchronous WAL flush) from the transaction-id counter; WAL from pg_current_wal_lsn(). "
                + "The floors' JVM and PostgreSQL also host the sandbox of (c); the server's host its in-process sandbox.\n\n");
        md.append("| Scenario | JVM(s) under test, CPU ms | PostgreSQL, CPU ms | Load generator, CPU ms | Write transactions | WAL, KiB |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Cost cost = row.cost();
            md.append("| ").append(row.scenario()).append(" | ").append(fmt(cost.jvmMs(), "%.2f")).append(" | ")
                    .append(fmt(cost.postgresMs(), "%.2f")).append(" | ").append(fmt(cost.benchMs(), "%.2f")).append(" | ")
                    .append(cost.writeTransactions() < 0 ? "–" : fmt(cost.writeTransactions(), "%.2f")).append(" | ")
                    .append(cost.walBytes() < 0 ? "–" : fmt(cost.walBytes() / 1024, "%.1f")).append(" |\n");
        }
        addLatencyAndRatioTargets();
        md.append("\n| Other measurement | Value |\n|---|---:|\n");
        other.forEach((what, value) -> md.append("| ").append(what).append(" | ").append(value).append(" |\n"));
        md.append("\n| Target | Measured | |\n|---|---|---|\n");
        targets.forEach(line -> md.append(line).append('\n'));
        rows.stream().filter(row -> row.firstError() != null).forEach(row -> md.append("\nFirst error in ")
                .append(row.scenario()).append(": `").append(row.firstError().replace('`', '\'').replace('\n', ' ')).append("`\n"));
        return md.toString();
    }

    private boolean ratioTargetsAdded;

    private void addLatencyAndRatioTargets() {
        if (ratioTargetsAdded) {
            return;
        }
        ratioTargetsAdded = true;
        List<String> mine = new ArrayList<>();
        ratioTarget(mine, "Generate throughput ≥ 0.6 × floor (a)", "OpenIRN generate", "floor (a) generate", 0.6);
        Row floorA = row("floor (a) generate");
        Row floorC = row("floor (c) IRP sandbox direct");
        if (floorA != null && floorC != null && floorA.throughput().present() && floorC.throughput().present()) {
            // The in-process sandbox does its own insert, signatures and crypto on the same cores as the gateway:
            // work in series on shared CPUs adds up in time per request.
            double serial = 1 / (1 / floorA.throughput().median() + 1 / floorC.throughput().median());
            Row generate0 = row("OpenIRN generate");
            other.put("Serial floor of a generate with the sandbox on the same cores, 1/(1/(a)+1/(c)), req/s",
                    fmt(serial, "%.0f") + (generate0 == null ? "" : " (generate reaches "
                            + fmt(generate0.throughput().median() / serial, "%.2f") + " × of it)"));
        }
        Row generate = row("OpenIRN generate");
        Row direct = row("floor (c) IRP sandbox direct");
        if (generate != null && direct != null && generate.p50().present() && direct.p50().present()) {
            double added = generate.p50().median() - direct.p50().median();
            mine.add(targetLine("Added p50 of a generate over a direct sandbox call (c) ≤ 3 ms",
                    fmt(added, "%.2f") + " ms (" + fmt(generate.p50().median(), "%.2f") + " at " + fmt(generate.offered(), "%.0f")
                            + " req/s − " + fmt(direct.p50().median(), "%.2f") + " at " + fmt(direct.offered(), "%.0f") + " req/s)",
                    added <= 3));
        }
        ratioTarget(mine, "GET by id ≥ 0.7 × floor (b)", "OpenIRN GET by id", "floor (b) select", 0.7);
        ratioTarget(mine, "Idempotent replay ≥ 0.7 × floor (b)", "OpenIRN idempotent replay", "floor (b) select", 0.7);
        String rss = other.get("Server RSS under load, max sampled (VmRSS), MiB");
        if (rss != null && !rss.equals("–")) {
            mine.add(targetLine("Server RSS under load ≤ 512 MiB", rss + " MiB", Double.parseDouble(rss) <= 512));
        }
        ratioTarget(mine, "Two nodes ≥ 1.7 × one node's generate throughput", "OpenIRN generate, two nodes",
                "OpenIRN generate", 1.7);
        targets.addAll(0, mine);
    }

    private void ratioTarget(List<String> into, String what, String scenario, String floor, double needed) {
        Row row = row(scenario);
        Row base = row(floor);
        if (row == null || base == null || !row.throughput().present() || !base.throughput().present()) {
            return;
        }
        double ratio = row.throughput().median() / base.throughput().median();
        into.add(targetLine(what, fmt(row.throughput().median(), "%.0f") + " vs " + fmt(base.throughput().median(), "%.0f")
                + " req/s = " + fmt(ratio, "%.2f") + " ×", ratio >= needed));
    }

    private static String targetLine(String what, String measured, boolean met) {
        return "| " + what + " | " + measured + " | " + (met ? "met" : "**missed**") + " |";
    }

    private static String shortName(String scenario) {
        return scenario.startsWith("floor (") ? scenario.substring(6, 9) : "1 node";
    }

    static String fmt(double value, String pattern) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, pattern, value);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
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
