package dev.openirn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos run, small: 300 invoices, two SIGKILLs, every fault at once. The full form is the
 * {@code chaos} command (docs/chaos-and-fuzz.md). {@link Chaos#run()} stops every process it started,
 * also when it throws.
 */
class ChaosRunTest {

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nothingLostDoubledOrOrphanedAcrossFaultsAndTwoKills() throws Exception {
        Chaos.Settings settings = new Chaos.Settings(300, 2, 24L, 16, Path.of("target", "chaos-ci"),
                Benchmark.defaultServerJar(), Duration.ofMinutes(6), Duration.ofMinutes(3));

        Chaos.Result result = new Chaos(settings, System.out).run();
        Chaos.print(result, System.out);

        assertThat(result.violations()).isEmpty();
        assertThat(result.accepted()).isEqualTo(300);
        assertThat(result.kills()).isEqualTo(2);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.orphans()).isZero();
        assertThat(result.undeliveredEvents()).isZero();
        assertThat(result.events()).isGreaterThanOrEqualTo(300);
        assertThat(result.summary()).startsWith("chaos: invoices=300 lost=0 duplicates=0 orphans=0 undelivered_events=0 kills=2 ");
    }
}
