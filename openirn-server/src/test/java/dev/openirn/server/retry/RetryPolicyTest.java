package dev.openirn.server.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.openirn.server.OpenIrnProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(new OpenIrnProperties(Path.of("."), null, null, null, null,
            new OpenIrnProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(48),
                    Duration.ofSeconds(1), Duration.ofSeconds(60), 20), null));

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
}
