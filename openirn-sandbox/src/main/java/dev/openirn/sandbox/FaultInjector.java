package dev.openirn.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decides, per call, whether an armed fault strikes. Several faults can be armed at once; arming
 * replaces the whole set. Faults without a probability (counted or unlimited) are tried first, in
 * the order given; otherwise one random draw per call picks among the probabilistic faults, each
 * owning its own slice of [0, 1), so 0.2 and 0.1 armed together strike 20 % and 10 % of calls.
 */
final class FaultInjector {

    private record Armed(Fault fault, AtomicInteger remaining) {
    }

    private final AtomicReference<List<Armed>> armed = new AtomicReference<>(List.of());

    void arm(Fault fault) {
        arm(List.of(fault));
    }

    void arm(List<Fault> faults) {
        double total = faults.stream().filter(f -> f.probability() != null).mapToDouble(Fault::probability).sum();
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the probabilities of the armed faults add up to more than 1");
        }
        List<Armed> set = new ArrayList<>();
        for (Fault fault : faults) {
            set.add(new Armed(fault, fault.count() == null ? null : new AtomicInteger(fault.count())));
        }
        armed.set(List.copyOf(set));
    }

    void clear() {
        armed.set(List.of());
    }

    List<Fault> active() {
        return armed.get().stream().map(Armed::fault).toList();
    }

    Optional<Fault> strike(boolean authCall) {
        List<Armed> current = armed.get();
        for (Armed entry : current) {
            Fault fault = entry.fault();
            if (fault.probability() != null || (authCall && !fault.includeAuth())) {
                continue;
            }
            if (entry.remaining() == null || entry.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Optional.of(fault);
            }
        }
        double draw = -1;
        double floor = 0;
        for (Armed entry : current) {
            Fault fault = entry.fault();
            if (fault.probability() == null) {
                continue;
            }
            if (draw < 0) {
                draw = ThreadLocalRandom.current().nextDouble();
            }
            double ceiling = floor + fault.probability();
            if (draw >= floor && draw < ceiling && (!authCall || fault.includeAuth())) {
                return Optional.of(fault);
            }
            floor = ceiling;
        }
        return Optional.empty();
    }
}
