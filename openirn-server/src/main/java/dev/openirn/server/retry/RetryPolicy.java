package dev.openirn.server.retry;

import dev.openirn.server.OpenIrnProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/** Exponential backoff with jitter, capped, and a deadline after which the worker gives up. */
@Component
public class RetryPolicy {

    private final OpenIrnProperties.Retry settings;
    private final Duration lease;

    public RetryPolicy(OpenIrnProperties properties) {
        this.settings = properties.retry();
        // An attempt may make three IRP calls (ask for the IRN, log in again, send); a lease shorter
        // than that would let another node start a second attempt while this one is still waiting.
        Duration requestTimeout = properties.irp() == null ? Duration.ZERO : properties.irp().requestTimeout();
        Duration attemptBound = requestTimeout.multipliedBy(3).plusSeconds(5);
        this.lease = settings.lease().compareTo(attemptBound) >= 0 ? settings.lease() : attemptBound;
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
