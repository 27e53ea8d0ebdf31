package dev.openirn.server.retry;

import dev.openirn.server.OpenIrnProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** Exponential backoff with jitter, capped, and a deadline after which the worker gives up. */
@Component
public class RetryPolicy {

    /**
     * IRP requests one registration attempt may make: ask for the IRN, ask by document details (when
     * the IRN is past the IRP's read window), send; each may log in, be refused the token, log in
     * again and repeat itself, so up to four HTTP exchanges, each bounded by the request timeout.
     */
    static final int HTTP_EXCHANGES_PER_ATTEMPT = 3 * 4;
    /** Database work of one attempt (reads, the recorded steps), generously. */
    static final Duration DATABASE_ALLOWANCE = Duration.ofSeconds(5);

    private final OpenIrnProperties.Retry settings;
    private final Duration lease;

    public RetryPolicy(OpenIrnProperties properties) {
        this.settings = properties.retry();
        Duration bound = attemptBound(properties.irp().requestTimeout());
        if (settings.lease() != null && settings.lease().compareTo(bound) < 0) {
            // A shorter lease would let another worker start a second attempt on a row while the first
            // is still waiting for the IRP.
            throw new IllegalStateException("openirn.retry.lease is " + settings.lease() + " but one registration attempt "
                    + "may take up to " + bound + " (" + HTTP_EXCHANGES_PER_ATTEMPT + " IRP requests of "
                    + "openirn.irp.request-timeout " + properties.irp().requestTimeout() + " plus " + DATABASE_ALLOWANCE
                    + "); set openirn.retry.lease to at least " + bound + " or leave it unset.");
        }
        this.lease = settings.lease() == null ? bound : settings.lease();
    }

    /** The longest one registration attempt can take: all its IRP requests timing out, plus its database work. */
    public static Duration attemptBound(Duration requestTimeout) {
        return requestTimeout.multipliedBy(HTTP_EXCHANGES_PER_ATTEMPT).plus(DATABASE_ALLOWANCE);
    }

    /** When to try again after {@code retriesSoFar} failed attempts: half to all of the capped exponential delay. */
    public Instant nextAttempt(Instant now, int retriesSoFar) {
        long initial = settings.initialDelay().toMillis();
        long cap = settings.maxDelay().toMillis();
        long exponential = retriesSoFar >= 30 ? cap : Math.min(cap, initial << Math.min(retriesSoFar, 30));
        long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
        return now.plus(Duration.ofMillis(Math.max(1, jittered)));
    }

    /** True once {@code give-up-after} has passed since the document was last submitted. */
    public boolean givenUp(Instant giveUpClockFrom, Instant now) {
        return now.isAfter(giveUpClockFrom.plus(settings.giveUpAfter()));
    }

    /** How long a node may hold a row before others assume it crashed. */
    public Duration lease() {
        return lease;
    }
}
