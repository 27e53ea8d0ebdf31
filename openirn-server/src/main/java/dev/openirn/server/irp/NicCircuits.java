package dev.openirn.server.irp;

import dev.openirn.server.OpenIrnProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The one recipe for every circuit breaker in front of NIC (the IRPs' and the e-way bill system's): built from
 * {@code openirn.irp.circuit-breaker.*}, tripped by what the caller counts as a failure, and asked for permission
 * the same way everywhere.
 */
final class NicCircuits {

    private NicCircuits() {
    }

    /** The configured settings, or their defaults where there is no configuration (a port built by hand). */
    static OpenIrnProperties.Irp.CircuitBreaker settings(ObjectProvider<OpenIrnProperties> properties) {
        OpenIrnProperties configured = properties.getIfAvailable();
        return configured == null ? OpenIrnProperties.Irp.CircuitBreaker.defaults()
                : configured.irp().circuitBreaker();
    }

    /** A breaker's configuration: {@code failure} says which results count against the window (exceptions always do). */
    static CircuitBreakerConfig config(OpenIrnProperties.Irp.CircuitBreaker settings, Predicate<Object> failure) {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.windowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openWait())
                // Judged on two probes, one failure reopened it: an IRP failing one call in three (still
                // answering most) kept its breaker open most of the time. See docs/failover.md.
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                .recordResult(failure)
                .build();
    }

    /**
     * False while calls should not even be tried. Once the open state's wait is over this lets a probe
     * through: the breaker only leaves OPEN when a call asks it for permission, so a check that merely
     * read the state would keep it open until the process restarts.
     */
    static boolean permits(CircuitBreaker breaker) {
        if (breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN) {
            return true;
        }
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission(); // the wait is over (now half-open): the call itself takes the permit
            return true;
        }
        return false;
    }

    /** The state as the console, health and metrics show it: {@code closed}, {@code half_open}, {@code open}, … */
    static String state(CircuitBreaker breaker) {
        return breaker.getState().name().toLowerCase(Locale.ROOT);
    }
}
