package dev.openirn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API fuzzer, small: 1,500 seeded cases across every route of a server it starts. The full form
 * is the {@code fuzz} command (docs/chaos-and-fuzz.md); the server is stopped also when the run fails.
 */
class FuzzRunTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void malformedRequestsToEveryRouteGetA4xxEnvelopeAndStoreNothing() throws Exception {
        Fuzz.Result result = new Fuzz(new Fuzz.Settings(1500, 24L, null, Path.of("target", "fuzz-ci"),
                Benchmark.defaultServerJar()), System.out).run();
        Fuzz.print(result, System.out);

        assertThat(result.failures()).isEmpty();
        assertThat(result.cases()).isEqualTo(1500);
        assertThat(result.fiveXx()).isZero();
        assertThat(result.nonEnvelope()).isZero();
        assertThat(result.storedInvalid()).isZero();
        assertThat(result.unhealthy()).isZero();
        // The cases reached past authentication and parsing: validation answered, and some requests succeeded.
        assertThat(result.statuses()).containsKeys(400, 401, 404, 422);
        assertThat(result.statuses().keySet()).anyMatch(status -> status >= 200 && status < 300);
        // Valid seeds and fixtures (an e-invoice, e-way bills, a batch, a webhook endpoint) carry cases past validation
        // on most routes, not only to their front door.
        assertThat(result.routes() - result.routesNeverAnswered2xx().size()).as("routes answered 2xx; never: %s",
                result.routesNeverAnswered2xx()).isGreaterThanOrEqualTo(20);
    }
}
