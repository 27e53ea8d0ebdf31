package dev.openirn.server.irp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.OpenIrnProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NicCircuitsTest {

    private static final OpenIrnProperties.Irp.CircuitBreaker FAST_PROBES =
            new OpenIrnProperties.Irp.CircuitBreaker(20, 10, 50, Duration.ofMillis(20), 10);

    @Test
    void aHalfOpenBreakerIsJudgedOnAllItsProbesSoOneEarlyFailureDoesNotReopenIt() throws InterruptedException {
        CircuitBreaker breaker = openedAndWaitedOut();

        breaker.onError(0, TimeUnit.MILLISECONDS, new java.io.IOException("timeout"));
        breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);

        // An IRP failing about one call in three: 3 of 10 probes failed.
        breaker.onError(0, TimeUnit.MILLISECONDS, new java.io.IOException("timeout"));
        breaker.onError(0, TimeUnit.MILLISECONDS, new java.io.IOException("timeout"));
        for (int i = 0; i < 6; i++) {
            assertThat(NicCircuits.permits(breaker)).isTrue();
            breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void halfOfTheProbesFailingReopensIt() throws InterruptedException {
        CircuitBreaker breaker = openedAndWaitedOut();
        for (int i = 0; i < 10; i++) {
            if (i % 2 == 0) {
                breaker.onError(0, TimeUnit.MILLISECONDS, new java.io.IOException("timeout"));
            } else {
                breaker.onSuccess(0, TimeUnit.MILLISECONDS);
            }
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(NicCircuits.permits(breaker)).isFalse();
    }

    @Test
    void theDefaultsProbeWithTenCalls() {
        assertThat(OpenIrnProperties.Irp.CircuitBreaker.defaults().halfOpenCalls()).isEqualTo(10);
        assertThat(NicCircuits.config(OpenIrnProperties.Irp.CircuitBreaker.defaults(), result -> false)
                .getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(10);
    }

    private static CircuitBreaker openedAndWaitedOut() throws InterruptedException {
        CircuitBreaker breaker = CircuitBreaker.of("irp-test-generate", NicCircuits.config(FAST_PROBES, result -> false));
        for (int i = 0; i < 10; i++) {
            breaker.onError(0, TimeUnit.MILLISECONDS, new java.io.IOException("down"));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        Thread.sleep(60);
        assertThat(NicCircuits.permits(breaker)).isTrue();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        return breaker;
    }
}
