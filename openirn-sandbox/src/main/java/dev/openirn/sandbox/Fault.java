package dev.openirn.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * One armed fault. Without {@code count} or {@code probability} it hits every eligible call until
 * cleared. Eligible calls are generate, cancel and the reads, of the IRP and of the e-way bill system alike; auth
 * only with {@code includeAuth}.
 *
 * @param count       hit only the next N eligible calls (null = no limit)
 * @param probability hit each eligible call with this chance (null = always); wins over count
 * @param latency     delay for {@link FaultMode#LATENCY}; hold time for {@link FaultMode#TIMEOUT_AFTER_COMMIT}
 * @param httpStatus  status code for {@link FaultMode#GSP_DOWN} (200 as NIC answers, or e.g. 503)
 */
public record Fault(FaultMode mode, Integer count, Double probability, Duration latency, boolean includeAuth,
                    int httpStatus) {

    static final Duration DEFAULT_LATENCY = Duration.ofSeconds(2);
    static final Duration DEFAULT_HOLD = Duration.ofSeconds(30);

    public Fault {
        Objects.requireNonNull(mode, "mode");
        if (count != null && count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (probability != null && (probability < 0 || probability > 1)) {
            throw new IllegalArgumentException("probability must be within 0..1");
        }
        if (latency == null) {
            latency = mode == FaultMode.TIMEOUT_AFTER_COMMIT ? DEFAULT_HOLD : DEFAULT_LATENCY;
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
    }

    public static Fault of(FaultMode mode) {
        return new Fault(mode, null, null, null, false, 200);
    }

    public Fault times(int count) {
        return new Fault(mode, count, probability, latency, includeAuth, httpStatus);
    }

    public Fault withProbability(double probability) {
        return new Fault(mode, count, probability, latency, includeAuth, httpStatus);
    }

    public Fault withLatency(Duration latency) {
        return new Fault(mode, count, probability, latency, includeAuth, httpStatus);
    }

    public Fault includingAuth() {
        return new Fault(mode, count, probability, latency, true, httpStatus);
    }

    public Fault withHttpStatus(int httpStatus) {
        return new Fault(mode, count, probability, latency, includeAuth, httpStatus);
    }
}
