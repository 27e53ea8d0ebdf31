package dev.openirn.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar openirn-bench/target/openirn-bench.jar chaos [--invoices N --kills K --seed S]}. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Two nodes on one PostgreSQL, the IRP failing in every way at once, nodes SIGKILLed and restarted, "
                + "invoices sent one by one and in batches, some with e-way bills; then checks that no invoice, e-way bill "
                + "or batch was lost, doubled or orphaned and every webhook event arrived. "
                + "Exits 1 on any violation.")
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--invoices", defaultValue = "10000", description = "Distinct invoices sent (default ${DEFAULT-VALUE}).")
    int invoices;

    @Option(names = "--kills", defaultValue = "5", description = "Times a node is SIGKILLed and restarted (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", description = "Seed of the run (default: random, printed).")
    Long seed;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--out", defaultValue = "target/chaos", description = "Working directory for data and logs (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--server-jar", description = "The OpenIRN server boot jar (default: as the benchmark finds it).")
    Path serverJar;

    @Option(names = "--send-timeout", defaultValue = "PT2H", description = "Upper bound for sending (default ${DEFAULT-VALUE}).")
    Duration sendTimeout;

    @Option(names = "--quiescence-timeout", defaultValue = "PT15M", description = "Upper bound for settling once faults are off (default ${DEFAULT-VALUE}).")
    Duration quiescenceTimeout;

    @Option(names = "--pace", defaultValue = "full",
            description = "full, or ci: the same faults held for less time, as the test suite runs it (default ${DEFAULT-VALUE}).")
    String pace;

    @Override
    public Integer call() throws Exception {
        Chaos.Pace chosenPace = switch (pace) {
            case "full" -> Chaos.Pace.FULL;
            case "ci" -> Chaos.Pace.CI;
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--pace must be full or ci, not " + pace);
        };
        long chosen = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        Chaos.Result result = new Chaos(new Chaos.Settings(invoices, kills, chosen, clients, out,
                serverJar == null ? Benchmark.defaultServerJar() : serverJar, sendTimeout, quiescenceTimeout, chosenPace),
                System.out).run();
        Chaos.print(result, System.out);
        return result.violations().isEmpty() ? 0 : 1;
    }
}
