package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.openirn.server.OpenIrnProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = policy(Duration.ofSeconds(10), Duration.ofMinutes(3));

    private static RetryPolicy policy(Duration requestTimeout, Duration lease) {
        return new RetryPolicy(new OpenIrnProperties(Path.of("."), null, null,
                new OpenIrnProperties.Irp("sandbox", Duration.ofSeconds(4), requestTimeout, null, null, null, null, null, null,
                        OpenIrnProperties.Irp.CircuitBreaker.defaults()), null,
                new OpenIrnProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(48),
                        Duration.ofSeconds(1), lease, 20, 32, 64), null));
    }

    @RepeatedTest(20)
    void delaysDoubleWithJitterBetweenHalfAndFullAndNeverShrink() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Duration previous = Duration.ZERO;
        for (int retries = 0; retries < 7; retries++) {
            Duration delay = Duration.between(now, policy.nextAttempt(now, retries));
            Duration full = Duration.ofSeconds(5).multipliedBy(1L << retries);
            assertThat(delay).isBetween(full.dividedBy(2), full);
            assertThat(delay).isGreaterThanOrEqualTo(previous);
            previous = delay;
        }
    }

    @Test
    void delaysAreCappedAtMaxDelay() {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(Duration.between(now, policy.nextAttempt(now, 40))).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(10));
    }

    @Test
    void givesUpOnlyAfterTheConfiguredDeadline() {
        Instant created = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(policy.givenUp(created, created.plus(Duration.ofHours(47)))).isFalse();
        assertThat(policy.givenUp(created, created.plus(Duration.ofHours(48)).plusSeconds(1))).isTrue();
    }

    @Test
    void aLeaseShorterThanTheWorstCaseAttemptRefusesToStart() {
        // 12 IRP requests of 2 s each plus the database allowance: 29 s.
        assertThatThrownBy(() -> policy(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("openirn.retry.lease is PT3S")
                .hasMessageContaining("at least PT29S");
        assertThat(policy(Duration.ofSeconds(2), Duration.ofSeconds(29)).lease()).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void anUnsetLeaseCoversTheWorstCaseAttempt() {
        assertThat(policy(Duration.ofSeconds(10), null).lease()).isEqualTo(Duration.ofSeconds(125));
    }
}
