package dev.openirn.bench;

import static dev.openirn.bench.MarkdownReport.fmt;

import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.sandbox.IrpSandbox;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark run: floors and OpenIRN scenarios on this machine, side by side. The JVMs are
 * {@link Nodes}, the load loops and cost samples {@link Sampling}, the tables {@link MarkdownReport};
 * this class runs the scenarios in order. Every child JVM is stopped before {@link #run()} returns
 * (and by a shutdown hook if the run is interrupted).
 */
final class Benchmark {

    static final String CLIENT_ID = "ofin_test_bench";
    static final String CLIENT_SECRET = "openirn-bench-secret-not-for-production";

    record Settings(int requests, Duration measureTime, int openRequests, int warmup, Duration warmupTime,
            int repetitions, int concurrency, double loadFraction, int drain, Duration phaseTimeout, Duration drainTimeout, Path out, Path serverJar, List<String> serverJvmArgs,
            List<String> serverArgs, boolean twoNodes, int scaleInvoices, int scaleStorageAt, int scaleTenants, int bulk,
            int bulkBatchSize) {
    }

    /** One row of the main table. */
    record Row(String scenario, String what, String floor, Stat throughput, double offered, Stat p50, Stat p95,
            Stat p99, long errors, String firstError, Cost cost) {
    }

    /** CPU per request of the JVM(s) under test, of their PostgreSQL and of this load generator; commits per request. */
    record Cost(double jvmMs, double postgresMs, double benchMs, double writeTransactions, double walBytes) {
    }

    record Report(String markdown, List<Row> rows, Map<String, String> other) {
    }

    private final Settings settings;
    private final Http http = new Http();
    private final Invoices invoices = new Invoices();
    private final Path out;
    private final Nodes nodes;
    private final Sampling sampling;
    private final MarkdownReport report;

    Benchmark(Settings settings) {
        this.settings = settings;
        this.out = settings.out().toAbsolutePath();
        this.nodes = new Nodes(settings, http, out);
        this.sampling = new Sampling(settings, http);
        this.report = new MarkdownReport(settings);
    }

    /** The class-data-sharing archive the server build records next to its extracted jar. */
    static final String CDS_ARCHIVE = "openirn-server.jsa";

    /**
     * The server as the README starts it, from the repository root: the extracted jar under
     * {@code openirn-server/target/app} (a relative path, since the archive is only used with the class path
     * it was recorded with); else the boot jar the build copies next to this module's classes or jar.
     */
    static Path defaultServerJar() {
        Path extracted = Path.of("openirn-server", "target", "app");
        if (Files.isDirectory(extracted)) {
            try (var files = Files.list(extracted)) {
                var jar = files.filter(file -> file.getFileName().toString().matches("openirn-server-.*\\.jar")).findFirst();
                if (jar.isPresent()) {
                    return extracted.resolve(jar.get().getFileName());
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        try {
            Path code = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = Files.isDirectory(code) ? code.getParent() : code.getParent();
            return target.resolve("openirn-server.jar");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Report run() throws Exception {
        if (!Files.isRegularFile(settings.serverJar())) {
            throw new IllegalStateException("No server jar at " + settings.serverJar()
                    + "; build first: ./mvnw -q -B install -DskipTests");
        }
        nodes.clearDirectories();
        Thread sampler = sampling.startRssSampler();
        try {
            startFloorsAndInitialiseServer();
            coldStarts();
            measureFloors();
            measureServer();
            measureDrain();
            if (settings.bulk() > 0) {
                measureBulk();
            }
            if (settings.twoNodes()) {
                measureTwoNodes();
            }
            if (settings.scaleInvoices() > 0) {
                try {
                    new Scale(http, report, settings.scaleInvoices(), settings.scaleStorageAt(), settings.scaleTenants()).run(
                            "jdbc:postgresql://127.0.0.1:" + nodes.serverPostgresPort() + "/postgres",
                            nodes.serverDatabasePassword(), nodes.serverUrl(), tokens);
                } catch (Exception e) {
                    // The measurements so far still count: report the failure with them.
                    report.other("Scale scenario FAILED", String.valueOf(e).replace('|', '/'));
                }
            }
        } finally {
            sampler.interrupt();
            nodes.close();
        }
        String markdown = report.markdown();
        Files.writeString(out.resolve("results.md"), markdown);
        return new Report(markdown, List.copyOf(report.rows()), Map.copyOf(report.other()));
    }

    // --- processes

    private void startFloorsAndInitialiseServer() throws Exception {
        nodes.startFloors();
        // The floors (a JVM, initdb, keys) must be up before the server's first start is timed: started at once,
        // they took the same two cores and added seconds that a newcomer's first start never has.
        nodes.awaitFloors();
        // First start on an empty data directory: initdb, migrations, keys.
        double initial = nodes.startServer("server-initial");
        report.other("First start on an empty data directory (initdb, migrations, keys), s", fmt(initial, "%.1f"));
        report.target("First start on an empty data directory ≤ 10 s", fmt(initial, "%.1f") + " s", initial <= 10);
        // Like for like: the floors' PostgreSQL must flush to disk exactly as the server's does.
        report.other("Database durability, server", nodes.serverDurability());
        report.other("Database durability, floors", nodes.floorDurability());
        nodes.stopServer();
    }

    private void coldStarts() throws Exception {
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < settings.repetitions(); r++) {
            times.add(nodes.startServer("server"));
            // CPU the JVM spent until healthy: on a busy shared machine less distorted than the wall time.
            cpu.add(Sampling.cpuMillis(nodes.server().pid()) / 1000);
            if (r < settings.repetitions() - 1) {
                nodes.stopServer();
            }
        }
        Stat cold = Stat.of(times);
        report.other("Cold start to healthy, initialised data directory, s", cold.format("%.2f"));
        report.other("Cold start: server JVM CPU (user + system) until healthy, s", Stat.of(cpu).format("%.2f"));
        report.other("Cold start: bean definitions", nodes.serverBeanDefinitions());
        report.target("Cold start to healthy (initialised data dir) ≤ 4 s", cold.format("%.2f") + " s", cold.median() <= 4);
        sampling.sample(nodes.server(), nodes.serverUrl());
    }

    // --- floors

    private void measureFloors() throws Exception {
        String floorUrl = nodes.floorUrl();
        String floorSandboxUrl = nodes.floorSandboxUrl();
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
        measure("floor (d) gateway", "bare Spring MVC/Tomcat: parse + map to NIC, insert, NicClient → in-process sandbox, "
                + "store outcome (2 synchronous commits)", null, () -> http.expect(Http.request(floorUrl + "/floor/gateway")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(invoices.body(invoices.nextNumber('H')))).build(), 201), false);
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
        String base = nodes.serverUrl();
        tokens = http.new Tokens(base, CLIENT_ID, CLIENT_SECRET);
        sampling.loadStarted();
        measure("OpenIRN generate", "POST /v1/einvoices, unique documents → 201 (sandbox IRP, embedded PostgreSQL)",
                "floor (d) gateway", generate(i -> base, 'G', 201, true), true);
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
        report.other("Server RSS under load, max sampled (VmRSS), MiB", sampling.maxRssMiB());
        report.other("Server heap used under load, max sampled (jvm.memory.used area=heap), MiB", sampling.maxHeapMiB());
    }

    // --- retry drain

    private void measureDrain() throws Exception {
        int n = settings.drain();
        String base = nodes.serverUrl();
        String faults = nodes.serverSandboxUrl() + "/sandbox/faults";
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
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + nodes.serverPostgresPort() + "/postgres",
                "postgres", nodes.serverDatabasePassword());
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
        report.other("Retry drain: invoices queued while the IRP was down (GSP down), errors", queued.completed() + ", " + queued.errors()
                + (queued.firstError() == null ? "" : " (" + queued.firstError() + ")"));
        report.other("Retry drain: time to queue them, s", fmt(queued.seconds(), "%.1f"));
        report.other("Retry drain: IRP back → all generated, s", fmt(drainSeconds, "%.1f") + (drained ? "" : " (NOT drained: "
                + generated + " of " + queued.completed() + " generated within " + settings.drainTimeout() + ")"));
        report.other("Retry drain: generating the same number directly (closed loop), s", fmt(direct.seconds(), "%.1f")
                + " (" + direct.completed() + " ok, " + direct.errors() + " errors)");
        report.other("Retry drain ÷ direct", fmt(ratio, "%.2f"));
        report.target("Retry drain of " + n + " ≤ 2 × generating " + n + " directly",
                fmt(drainSeconds, "%.1f") + " s vs " + fmt(direct.seconds(), "%.1f") + " s = " + fmt(ratio, "%.2f") + " ×",
                drained && ratio <= 2);
    }

    // --- bulk batches

    private static final Pattern BATCH_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern GENERATED = Pattern.compile("\"generated\"\\s*:\\s*([0-9]+)");

    /**
     * Items per second through bulk batches against single generates of as many invoices, in this run: from
     * the first {@code POST /v1/einvoices/batches} until every batch is {@code completed}, then the same
     * number of unique documents through {@code POST /v1/einvoices} in a closed loop.
     */
    private void measureBulk() throws Exception {
        int n = settings.bulk();
        int size = Math.max(1, Math.min(settings.bulkBatchSize(), n));
        String base = nodes.serverUrl();
        long start = System.nanoTime();
        List<String> batchIds = new ArrayList<>();
        double submitSeconds = 0;
        for (int from = 0; from < n; from += size) {
            StringBuilder body = new StringBuilder(size * 1000).append("{\"items\":[");
            for (int i = from; i < Math.min(n, from + size); i++) {
                body.append(i == from ? "" : ",").append("{\"invoice\":").append(invoices.body(invoices.nextNumber('B'))).append('}');
            }
            body.append("]}");
            long posted = System.nanoTime();
            HttpResponse<String> accepted = http.expect(Http.request(base + "/v1/einvoices/batches")
                    .timeout(settings.drainTimeout())
                    .header("Authorization", tokens.bearer())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), 202);
            submitSeconds += (System.nanoTime() - posted) / 1e9;
            batchIds.add(Http.id(accepted.body()));
        }
        long generated = 0;
        boolean completed = false;
        long deadline = start + settings.drainTimeout().toNanos();
        while (!completed && System.nanoTime() < deadline) {
            completed = true;
            generated = 0;
            for (String id : batchIds) {
                String batch = http.expect(Http.request(base + "/v1/einvoices/batches/" + id + "?limit=1")
                        .header("Authorization", tokens.bearer()).GET().build(), 200).body();
                Matcher status = BATCH_STATUS.matcher(batch);
                Matcher count = GENERATED.matcher(batch);
                completed &= status.find() && status.group(1).equals("completed");
                generated += count.find() ? Long.parseLong(count.group(1)) : 0;
            }
            if (!completed) {
                Thread.sleep(100);
            }
        }
        double bulkSeconds = (System.nanoTime() - start) / 1e9;
        double bulkRate = generated / bulkSeconds;
        Load.Closed single = Load.closed(generate(i -> base, 'S', 201, false), n, settings.concurrency(), settings.drainTimeout());
        double singleRate = single.completed() / single.seconds();
        double ratio = bulkRate / singleRate;
        String batches = batchIds.size() == 1 ? "one batch" : batchIds.size() + " batches of " + size;
        report.other("Bulk: " + n + " invoices in " + batches + ": POST answered (stored, validated), s", fmt(submitSeconds, "%.1f"));
        report.other("Bulk: first POST → every item final, s", fmt(bulkSeconds, "%.1f") + (completed ? "" : " (NOT completed: "
                + generated + " of " + n + " generated within " + settings.drainTimeout() + ")"));
        report.other("Bulk: generated per second through batches", fmt(bulkRate, "%.1f") + " (" + generated + " generated)");
        report.other("Bulk: single generates per second, same number, closed loop at " + settings.concurrency() + " clients",
                fmt(singleRate, "%.1f") + " (" + single.completed() + " ok, " + single.errors() + " errors)");
        report.other("Bulk ÷ single", fmt(ratio, "%.2f"));
        report.target("Bulk batch of " + n + " drains at ≥ 0.8 × single-generate throughput",
                fmt(bulkRate, "%.1f") + "/s vs " + fmt(singleRate, "%.1f") + "/s = " + fmt(ratio, "%.2f") + " ×",
                completed && generated == n && ratio >= 0.8);
    }

    // --- two nodes on one PostgreSQL

    private void measureTwoNodes() throws Exception {
        String node2 = nodes.startSecondNode();
        String[] bases = {nodes.serverUrl(), node2};
        measure("OpenIRN generate, two nodes", "as generate, requests alternating between two nodes on one PostgreSQL",
                "OpenIRN generate", generate(i -> bases[(int) (i % 2)], 'T', 201, false), false);
    }

    // --- measurement

    private void measure(String scenario, String what, String floor, Load.Call call, boolean sampleServer) throws Exception {
        boolean floorScenario = scenario.startsWith("floor");
        report.add(sampling.measure(scenario, what, floor, call, nodes.underTest(floorScenario),
                nodes.postmasterPid(floorScenario), sampleServer));
    }
}
