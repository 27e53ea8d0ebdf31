package dev.openirn.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar openirn-bench/target/openirn-bench.jar [options]}: see {@code --help}. */
@Command(name = "openirn-bench", mixinStandardHelpOptions = true, subcommands = {ChaosCommand.class, FuzzCommand.class},
        description = "Measures OpenIRN against its physical floors on this machine, in one run, and prints a Markdown table "
                + "(also written to <out>/results.md).")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--requests", defaultValue = "1000", description = "Closed-loop requests per repetition (default ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--measure-time", defaultValue = "PT5S", description = "Each closed loop goes on past its requests until this much time has passed, "
            + "ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration measureTime;

    @Option(names = "--open-requests", defaultValue = "500", description = "Open-loop requests per repetition (default ${DEFAULT-VALUE}).")
    int openRequests;

    @Option(names = "--warmup", defaultValue = "300", description = "Warm-up requests per scenario, not measured (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-time", defaultValue = "PT20S", description = "After the warm-up requests, the warm-up goes on until this much time has passed, "
            + "so that cheap requests reach compiled code too; floors and server alike, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration warmupTime;

    @Option(names = "--repetitions", defaultValue = "3", description = "Repetitions per measurement; median, min and max are reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--concurrency", defaultValue = "16", description = "Closed-loop concurrent clients (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--load-fraction", defaultValue = "0.5", description = "Open-loop offered load as a fraction of the measured saturation (default ${DEFAULT-VALUE}).")
    double loadFraction;

    @Option(names = "--drain", defaultValue = "10000", description = "Invoices queued while the IRP is down, then drained (default ${DEFAULT-VALUE}).")
    int drain;

    @Option(names = "--bulk", defaultValue = "10000", description = "Invoices sent through bulk batches, and generated singly for comparison; 0 skips it (default ${DEFAULT-VALUE}).")
    int bulk;

    @Option(names = "--bulk-batch-size", defaultValue = "10000", description = "Invoices per batch in the bulk scenario; the server's openirn.batches.max-items is raised to it (default ${DEFAULT-VALUE}: one batch).")
    int bulkBatchSize;

    @Option(names = "--phase-timeout", defaultValue = "PT3M", description = "Upper bound of each load phase, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    @Option(names = "--drain-timeout", defaultValue = "PT15M", description = "Upper bound of each drain phase (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--out", defaultValue = "target/bench", description = "Output directory, relative to the working directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--server-jar", description = "The OpenIRN server boot jar (default: openirn-server.jar next to the bench jar).")
    Path serverJar;

    @Option(names = "--server-jvm-arg", description = "Extra JVM argument for the server nodes, repeatable (e.g. -XX:StartFlightRecording=...).")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--server-arg", description = "Extra --key=value argument for the server nodes, repeatable.")
    List<String> serverArgs = new ArrayList<>();

    @Option(names = "--scale-invoices", defaultValue = "1000000", description = "E-invoices in the database for the storage and search-at-scale scenario, loaded with COPY; 0 skips it (default ${DEFAULT-VALUE}).")
    int scaleInvoices;

    @Option(names = "--scale-storage-at", defaultValue = "100000", description = "Measure bytes per e-invoice when the database holds this many (default ${DEFAULT-VALUE}).")
    int scaleStorageAt;

    @Option(names = "--scale-tenants", defaultValue = "100", description = "Organizations the scale e-invoices are spread across (default ${DEFAULT-VALUE}).")
    int scaleTenants;

    @Option(names = "--no-two-nodes", negatable = false, description = "Skip the two-node scenario.")
    boolean noTwoNodes;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Benchmark.Settings settings = new Benchmark.Settings(requests, measureTime, openRequests, warmup, warmupTime, repetitions,
                concurrency, loadFraction, drain, phaseTimeout, drainTimeout, out, serverJar == null ? Benchmark.defaultServerJar() : serverJar,
                List.copyOf(serverJvmArgs), List.copyOf(serverArgs), !noTwoNodes, scaleInvoices, scaleStorageAt, scaleTenants,
                bulk, bulkBatchSize);
        Benchmark.Report report = new Benchmark(settings).run();
        System.out.println(report.markdown());
        return 0;
    }
}
