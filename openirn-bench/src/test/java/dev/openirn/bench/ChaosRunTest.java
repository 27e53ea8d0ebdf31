package dev.openirn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos run, small: 120 invoices (some in batches, some with e-way bills), two SIGKILLs, every fault at once,
 * at the CI pace (the same faults held for less time). The full form is the {@code chaos} command
 * (docs/chaos-and-fuzz.md). {@link Chaos#run()} stops every process it started, also when it throws.
 */
class ChaosRunTest {

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void nothingLostDoubledOrOrphanedAcrossFaultsAndTwoKills() throws Exception {
        Chaos.Settings settings = new Chaos.Settings(120, 2, 24L, 16, Path.of("target", "chaos-ci"),
                Benchmark.defaultServerJar(), Duration.ofMinutes(6), Duration.ofMinutes(3), Chaos.Pace.CI);

        Chaos.Result result = new Chaos(settings, System.out).run();
        Chaos.print(result, System.out);

        assertThat(result.violations()).isEmpty();
        assertThat(result.accepted()).isEqualTo(120);
        assertThat(result.kills()).isEqualTo(2);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.orphans()).isZero();
        assertThat(result.undeliveredEvents()).isZero();
        assertThat(result.events()).isGreaterThanOrEqualTo(120);
        // The mix reached every path: e-way bills with the IRN and afterwards, some cancelled, and batches.
        assertThat(result.ewayBills().requested()).isPositive();
        assertThat(result.ewayBills().cancelled()).isPositive();
        assertThat(result.ewayBills().lost()).isZero();
        assertThat(result.ewayBills().duplicates()).isZero();
        assertThat(result.ewayBills().orphans()).isZero();
        assertThat(result.batches().sent()).isPositive();
        assertThat(result.batches().incomplete()).isZero();
        assertThat(result.summary()).startsWith("chaos: invoices=120 lost=0 duplicates=0 orphans=0 undelivered_events=0 kills=2 ")
                .contains(" ewb_lost=0 ewb_duplicates=0 ewb_orphans=0 ", " batches_incomplete=0 ");
    }
}
