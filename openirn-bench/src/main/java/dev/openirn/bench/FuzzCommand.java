package dev.openirn.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar openirn-bench/target/openirn-bench.jar fuzz [--cases N --seed S]}. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Sends seeded malformed requests to every route of a server it starts (routes from its OpenAPI "
                + "document); exits 1 on any 5xx, any 4xx outside the error envelope, or anything invalid stored or sent "
                + "to the IRP.")
final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--cases", defaultValue = "10000", description = "Cases to send (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", description = "Seed of the run (default: random, printed).")
    Long seed;

    @Option(names = "--only-case", description = "Replay just this case number of the seed.")
    Integer onlyCase;

    @Option(names = "--out", defaultValue = "target/fuzz", description = "Working directory for data and logs (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--server-jar", description = "The OpenIRN server boot jar (default: as the benchmark finds it).")
    Path serverJar;

    @Override
    public Integer call() throws Exception {
        long chosen = seed != null ? seed : new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        Fuzz.Result result = new Fuzz(new Fuzz.Settings(cases, chosen, onlyCase, out,
                serverJar == null ? Benchmark.defaultServerJar() : serverJar), System.out).run();
        Fuzz.print(result, System.out);
        return result.failures().isEmpty() ? 0 : 1;
    }
}
