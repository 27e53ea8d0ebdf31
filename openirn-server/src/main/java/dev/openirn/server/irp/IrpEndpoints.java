package dev.openirn.server.irp;

import java.util.List;
import java.util.stream.Stream;

/**
 * Which IRPs each environment talks to, in order of preference. Test clients use the bundled
 * sandbox whenever it runs, so test data never reaches a real IRP; live clients use the configured
 * NIC IRPs in {@code nic} mode (and the sandbox in {@code sandbox} mode, where there is no real IRP).
 */
public record IrpEndpoints(List<IrpEndpoint> testEndpoints, List<IrpEndpoint> liveEndpoints) {

    public IrpEndpoints {
        if (testEndpoints.isEmpty() || liveEndpoints.isEmpty()) {
            throw new IllegalArgumentException("every environment needs at least one IRP endpoint");
        }
        testEndpoints = List.copyOf(testEndpoints);
        liveEndpoints = List.copyOf(liveEndpoints);
    }

    /** One IRP per environment. */
    public IrpEndpoints(IrpEndpoint test, IrpEndpoint live) {
        this(List.of(test), List.of(live));
    }

    /** The test environment's first IRP. */
    public IrpEndpoint test() {
        return testEndpoints.get(0);
    }

    /** The live environment's first IRP. */
    public IrpEndpoint live() {
        return liveEndpoints.get(0);
    }

    /** The environment's first IRP, which decides whether it is the sandbox. */
    public IrpEndpoint of(String environment) {
        return all(environment).get(0);
    }

    /** The environment's IRPs in order of preference. */
    public List<IrpEndpoint> all(String environment) {
        return "live".equals(environment) ? liveEndpoints : testEndpoints;
    }

    /** Every distinct IRP of either environment. */
    public List<IrpEndpoint> distinct() {
        return Stream.concat(testEndpoints.stream(), liveEndpoints.stream()).distinct().toList();
    }
}
