package dev.openirn.sandbox;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Decides, per call, whether the armed fault strikes. One fault at a time; arming replaces. */
final class FaultInjector {

    private record Armed(Fault fault, AtomicInteger remaining) {
    }

    private final AtomicReference<Armed> armed = new AtomicReference<>();

    void arm(Fault fault) {
        armed.set(new Armed(fault, fault.count() == null ? null : new AtomicInteger(fault.count())));
    }

    void clear() {
        armed.set(null);
    }

    Optional<Fault> active() {
        Armed current = armed.get();
        return current == null ? Optional.empty() : Optional.of(current.fault());
    }

    Optional<Fault> strike(boolean authCall) {
        Armed current = armed.get();
        if (current == null || (authCall && !current.fault().includeAuth())) {
            return Optional.empty();
        }
        Fault fault = current.fault();
        if (fault.probability() != null) {
            return ThreadLocalRandom.current().nextDouble() < fault.probability() ? Optional.of(fault) : Optional.empty();
        }
        if (current.remaining() == null) {
            return Optional.of(fault);
        }
        int left = current.remaining().getAndUpdate(n -> Math.max(0, n - 1));
        return left > 0 ? Optional.of(fault) : Optional.empty();
    }
}
