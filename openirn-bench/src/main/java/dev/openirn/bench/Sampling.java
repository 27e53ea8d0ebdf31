package dev.openirn.bench;

import static dev.openirn.bench.MarkdownReport.fmt;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a scenario's load loops (warm-up, closed loop to saturation, open loop at a fraction of it)
 * and samples what they cost: CPU of the processes under test from /proc, write transactions and WAL
 * from PostgreSQL, and the server's RSS and heap while under load.
 */
final class Sampling {

    /** Cumulative counters, so a phase's cost is the difference of two snapshots. */
    private record Counters(double jvmMs, double postgresMs, double benchMs, long transactions, long walBytes) {
    }

    /** The heap pools' used bytes in the Prometheus scrape the README's server exposes (their sum is the heap used). */
    private static final Pattern HEAP_POOL_USED = Pattern.compile(
            "^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.Ee+-]+)$", Pattern.MULTILINE);

    private final Benchmark.Settings settings;
    private final Http http;
    private final List<Double> rssSamples = new CopyOnWriteArrayList<>();
    private final List<Double> heapSamples = new CopyOnWriteArrayList<>();
    private volatile Child sampled;
    private volatile String sampledUrl;
    private volatile boolean underLoad;

    Sampling(Benchmark.Settings settings, Http http) {
        this.settings = settings;
        this.http = http;
    }

    /** The server whose RSS and heap are sampled. */
    void sample(Child server, String url) {
        sampled = server;
        sampledUrl = url;
    }

    /** From the first server scenario on, the sampled server's RSS counts. */
    void loadStarted() {
        underLoad = true;
    }

    Thread startRssSampler() {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Child child = sampled;
                if (child != null && child.alive() && underLoad) {
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

    String maxRssMiB() {
        return rssSamples.isEmpty() ? "–"
                : fmt(rssSamples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / (1 << 20), "%.0f");
    }

    String maxHeapMiB() {
        return heapSamples.isEmpty() ? "–"
                : fmt(heapSamples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN) / (1 << 20), "%.0f");
    }

    /**
     * Vacuums and analyses the scenario's database after its warm-up, so that autovacuum does not pick the
     * rows written so far for its work inside the measured loops (seen once: 1.9 ms of PostgreSQL CPU per GET
     * against 0.2). Floors and server alike.
     */
    private static void vacuum(Path postgresPid) throws IOException, SQLException {
        int port = Integer.parseInt(Files.readAllLines(postgresPid).get(3).trim());
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", Nodes.databasePassword(postgresPid.getParent()));
                PreparedStatement vacuum = db.prepareStatement("vacuum (analyze)")) {
            vacuum.execute();
        }
    }

    /**
     * One scenario: warm-up, a vacuum, then per repetition a closed loop (throughput, cost) and an open loop at
     * {@code loadFraction} of the median saturation (latency).
     *
     * @param measured    the JVMs whose CPU the scenario costs
     * @param postgresPid the pid file of the PostgreSQL the scenario writes to
     */
    Benchmark.Row measure(String scenario, String what, String floor, Load.Call call, List<Child> measured, Path postgresPid,
            boolean sampleServer) throws Exception {
        System.err.printf(Locale.ROOT, "[bench] %s: warm-up %d, then until %s%n", scenario, settings.warmup(), settings.warmupTime());
        // A count alone warms a cheap request for a fraction of a second, before the JIT has compiled its path.
        Load.Closed warm = Load.closed(call, settings.warmup(), settings.warmupTime(), settings.concurrency(),
                settings.phaseTimeout());
        long errors = warm.errors();
        String firstError = warm.firstError();
        vacuum(postgresPid);
        List<Double> throughput = new ArrayList<>();
        Counters before = counters(measured, postgresPid);
        long completedTotal = 0;
        for (int r = 0; r < settings.repetitions(); r++) {
            Load.Closed closed = Load.closed(call, settings.requests(), settings.measureTime(), settings.concurrency(),
                    settings.phaseTimeout());
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
        Benchmark.Cost cost = new Benchmark.Cost((after.jvmMs() - before.jvmMs()) / n, (after.postgresMs() - before.postgresMs()) / n,
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
        return new Benchmark.Row(scenario, what, floor, saturation, offered, Stat.of(p50), Stat.of(p95), Stat.of(p99), errors,
                firstError, cost);
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
                    "postgres", Nodes.databasePassword(postgresPid.getParent()));
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
    static double cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private void sampleHeap() {
        try {
            HttpResponse<String> response = http.send(Http.request(sampledUrl + "/actuator/prometheus").GET().build());
            Matcher pool = HEAP_POOL_USED.matcher(response.body());
            double used = 0;
            boolean found = false;
            while (response.statusCode() == 200 && pool.find()) {
                used += Double.parseDouble(pool.group(1));
                found = true;
            }
            if (found) {
                heapSamples.add(used);
            }
        } catch (IOException e) {
            // not fatal: reported as missing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
