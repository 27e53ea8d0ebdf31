package dev.openirn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole benchmark with tiny counts: every scenario runs against real JVMs (server nodes from the boot
 * jar, floors) and lands in the table with numbers. No timing is asserted; timing targets live in the
 * benchmark's own output.
 */
class BenchmarkSmokeTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void tinyRunReportsEveryScenarioWithNumbers() throws Exception {
        Path out = Path.of("target", "bench-smoke");
        Benchmark.Settings settings = new Benchmark.Settings(20, Duration.ZERO, 20, 5, Duration.ZERO, 1, 4, 0.5, 50, Duration.ofSeconds(90),
                Duration.ofSeconds(90), out, Benchmark.defaultServerJar(), List.of(), List.of(), true, 3000, 1000, 5, 40, 20);

        Benchmark.Report report = new Benchmark(settings).run();

        assertThat(report.rows()).extracting(Benchmark.Row::scenario).containsExactly(
                "floor (a) generate", "floor (b) select", "floor (c) IRP sandbox direct", "floor (d) gateway", "OpenIRN generate",
                "OpenIRN GET by id", "OpenIRN GET status", "OpenIRN idempotent replay", "OpenIRN generate, two nodes");
        assertThat(report.rows()).allSatisfy(row -> {
            assertThat(row.errors()).as(row.scenario() + ": " + row.firstError()).isZero();
            assertThat(row.throughput().median()).as(row.scenario()).isPositive();
            assertThat(row.p50().median()).as(row.scenario()).isPositive();
            assertThat(row.p99().median()).as(row.scenario()).isGreaterThanOrEqualTo(row.p50().median());
        });
        assertThat(report.other()).containsKeys("Cold start to healthy, initialised data directory, s",
                "Server RSS under load, max sampled (VmRSS), MiB", "Retry drain ÷ direct");
        // Started as the README starts it, the server uses the build's ahead-of-time bean definitions.
        assertThat(report.other().get("Cold start: bean definitions")).isEqualTo("prepared at build time");
        assertThat(report.other().get("Database durability, server"))
                .isEqualTo("fsync=on, full_page_writes=on, synchronous_commit=on")
                .isEqualTo(report.other().get("Database durability, floors"));
        assertThat(report.other().get("Retry drain: IRP back → all generated, s")).doesNotContain("NOT drained");
        // The bulk scenario, tiny: two batches of 20 drained, and single generates of as many, in the same run.
        assertThat(report.other().get("Bulk: first POST → every item final, s")).doesNotContain("NOT completed");
        assertThat(report.other().get("Bulk: generated per second through batches")).endsWith("(40 generated)");
        assertThat(report.other()).containsKeys("Bulk: 40 invoices in 2 batches of 20: POST answered (stored, validated), s",
                "Bulk ÷ single");
        String written = Files.readString(out.resolve("results.md"));
        assertThat(written).isEqualTo(report.markdown());
        for (Benchmark.Row row : report.rows()) {
            assertThat(written).containsPattern("\\| " + java.util.regex.Pattern.quote(row.scenario()) + " \\|.*\\| [0-9]+ \\|");
        }
        assertThat(written).contains("Target").contains("cores").contains("JVM");
        // The scale scenario, tiny: loaded, storage measured, searched through the API, plans shown.
        assertThat(report.other().get("Scale: e-invoices in the database / tenants / loaded with COPY in, s")).startsWith("3000 / 5 / ");
        assertThat(report.other()).containsKeys("Storage: kept per e-invoice (table, TOAST, indexes, audit), bytes",
                "Scale, get by IRN: p50 / p95, ms (200 sequential requests)");
        assertThat(written).contains("Query plans at scale").contains("Index");
    }
}
