package dev.openirn.server.metrics;

import dev.openirn.server.irp.EwayBillPortal;
import dev.openirn.server.irp.Irp;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The circuit breakers in front of NIC, the IRPs' and the e-way bill system's ({@code ewb-…}):
 * {@code openirn.irp.circuit.state} (0 closed, 1 half-open, 2 open) per circuit, and the {@code irp} health component. The component reports UP with each circuit's state even when one is open: a node
 * that cannot reach the IRP still takes invoices (they wait in the retry queue), so it must stay ready.
 */
@Component("irpHealthIndicator")
class IrpCircuitMetrics implements MeterBinder, HealthIndicator {

    private final Irp irp;
    private final EwayBillPortal ewb;

    IrpCircuitMetrics(Irp irp, EwayBillPortal ewb) {
        this.irp = irp;
        this.ewb = ewb;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        irp.circuitStates().keySet().forEach(name -> Gauge.builder("openirn.irp.circuit.state", irp,
                        port -> level(port.circuitStates().get(name)))
                .description("IRP circuit breaker: 0 closed, 1 half-open, 2 open")
                .tag("circuit", name)
                .register(registry));
        ewb.circuitStates().keySet().forEach(name -> Gauge.builder("openirn.irp.circuit.state", ewb,
                        port -> level(port.circuitStates().get(name)))
                .description("IRP circuit breaker: 0 closed, 1 half-open, 2 open")
                .tag("circuit", name)
                .register(registry));
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        irp.circuitStates().forEach(health::withDetail);
        ewb.circuitStates().forEach(health::withDetail);
        return health.build();
    }

    private static double level(String state) {
        return switch (state == null ? "" : state) {
            case "closed" -> 0;
            case "half_open" -> 1;
            case "open", "forced_open" -> 2;
            default -> -1;
        };
    }
}
