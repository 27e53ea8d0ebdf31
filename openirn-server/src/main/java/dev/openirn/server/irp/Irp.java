package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to the IRP: one NIC client per IRP (test and live may use different ones,
 * see {@link IrpEndpoints}), each behind one circuit breaker per endpoint. Only transport failures
 * trip a breaker; a rejection is the IRP working as it should. Callers get {@link IrpAnswer}s and
 * never see the NIC client's own types ({@link NicAnswers} translates them).
 */
@Component
public class Irp {

    private final IrpEndpoints endpoints;
    private final Map<IrpEndpoint, Channel> channels = new HashMap<>();
    private final MeterRegistry meters;

    public Irp(IrpEndpoints endpoints, Clock clock, ObjectProvider<MeterRegistry> meters) {
        this.endpoints = endpoints;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordResult(result -> result instanceof NicResult.TransportFailure)
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        for (IrpEndpoint endpoint : List.of(endpoints.test(), endpoints.live())) {
            channels.computeIfAbsent(endpoint, key -> {
                String name = key.sandbox() ? "sandbox" : "nic";
                return new Channel(new NicClient(key.config(), clock), registry.circuitBreaker("irp-" + name + "-generate"),
                        registry.circuitBreaker("irp-" + name + "-read"), registry.circuitBreaker("irp-" + name + "-cancel"));
            });
        }
    }

    private record Channel(NicClient client, CircuitBreaker generate, CircuitBreaker read, CircuitBreaker cancel) {
    }

    public IrpAnswer generate(String environment, IrpLogin login, String invoiceJson) {
        Channel channel = channel(environment);
        return NicAnswers.ofRegistration(call("generate", channel.generate(), () -> channel.client().generate(nic(login), invoiceJson)));
    }

    public IrpAnswer getByIrn(String environment, IrpLogin login, String irn) {
        Channel channel = channel(environment);
        return NicAnswers.ofRegistration(call("get_by_irn", channel.read(), () -> channel.client().getByIrn(nic(login), irn)));
    }

    public IrpAnswer getByDocument(String environment, IrpLogin login, String documentType, String documentNumber,
            String documentDateDdMmYyyy) {
        Channel channel = channel(environment);
        return NicAnswers.ofRegistration(call("get_by_document", channel.read(), () -> channel.client().getByDocument(nic(login), documentType,
                documentNumber, documentDateDdMmYyyy)));
    }

    public IrpAnswer cancel(String environment, IrpLogin login, String irn, String reasonCode, String remarks) {
        Channel channel = channel(environment);
        return NicAnswers.ofCancel(call("cancel", channel.cancel(), () -> channel.client().cancel(nic(login), irn, reasonCode, remarks)));
    }

    /** Generate EWB by IRN: the e-invoice's parties and items with the transport in {@code ewbByIrnJson}. */
    public EwbAnswer generateEwayBill(String environment, IrpLogin login, String ewbByIrnJson) {
        Channel channel = channel(environment);
        NicResult result = call("generate_ewb", channel.generate(), () -> channel.client().generateEwayBill(nic(login), ewbByIrnJson));
        return NicAnswers.ofEwayBill(result);
    }

    /** The e-way bill the IRP holds for an IRN: how an unanswered generate by IRN is resolved (REFUSED when none). */
    public EwbAnswer getEwayBillByIrn(String environment, IrpLogin login, String irn) {
        Channel channel = channel(environment);
        return NicAnswers.ofEwayBill(call("get_ewb_by_irn", channel.read(), () -> channel.client().getEwayBillByIrn(nic(login), irn)));
    }

    /** The IRP's registration of {@code gstin} (Get GSTIN details), asked as {@code login}. */
    public IrpAnswer gstinDetails(String environment, IrpLogin login, String gstin) {
        Channel channel = channel(environment);
        return NicAnswers.ofTaxpayer(call("gstin_details", channel.read(), () -> channel.client().gstinDetails(nic(login), gstin)));
    }

    /** A fresh login with {@code login}, whatever session is cached ("test connection"). */
    public LoginCheck checkLogin(String environment, IrpLogin login) {
        AuthOutcome outcome = channel(environment).client().authenticate(nic(login));
        return new LoginCheck(outcome.ok(), outcome.latency(), outcome.errorCode(), outcome.errorMessage(),
                outcome.transportFailure() != null);
    }

    /** Drops a tenant's cached IRP sessions of an API user, e.g. after the stored password changed. */
    public void forgetSession(String organizationId, String environment, String gstin, String userName) {
        channel(environment).client().forgetSession(
                new NicCredentials(sessionScope(organizationId, environment), gstin, userName, ""));
    }

    private static NicCredentials nic(IrpLogin login) {
        return new NicCredentials(login.sessionScope(), login.gstin(), login.userName(), login.password());
    }

    /** IRP sessions belong to one tenant's environment and are never shared with another. */
    static String sessionScope(String organizationId, String environment) {
        return organizationId + "/" + environment;
    }

    /**
     * True while new generates should not even be tried. Once the open state's wait is over this lets
     * a probe through: the breaker only leaves OPEN when a call asks it for permission, so a check that
     * merely read the state would keep it open until the process restarts.
     */
    public boolean generateCircuitOpen(String environment) {
        CircuitBreaker breaker = channel(environment).generate();
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return false;
        }
        if (breaker.tryAcquirePermission()) {
            breaker.releasePermission(); // the wait is over (now half-open): the generate itself takes the permit
            return false;
        }
        return true;
    }

    /** Every circuit breaker by name ({@code irp-sandbox-generate}, …) and its state, for the console and metrics. */
    public Map<String, String> circuitStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        for (Channel channel : channels.values()) {
            for (CircuitBreaker breaker : List.of(channel.generate(), channel.read(), channel.cancel())) {
                states.put(breaker.getName(), breaker.getState().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return states;
    }

    private Channel channel(String environment) {
        return channels.get(endpoints.of(environment));
    }

    /** One IRP call through its breaker, timed as {@code openirn.irp.calls} by operation and outcome. */
    private NicResult call(String operation, CircuitBreaker breaker, Supplier<NicResult> call) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            NicResult result = breaker.executeSupplier(call);
            outcome = outcome(result);
            return result;
        } catch (CallNotPermittedException e) {
            outcome = "circuit_open";
            throw new IrpUnavailableException("The IRP is failing; circuit " + breaker.getName() + " is open.");
        } finally {
            Timer.builder("openirn.irp.calls").description("Calls to the IRP, by operation and outcome")
                    .tag("operation", operation).tag("outcome", outcome).tag("irp", breaker.getName().split("-")[1])
                    .register(meters).record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private static String outcome(NicResult result) {
        if (result instanceof NicResult.Success) {
            return "success";
        }
        if (result instanceof NicResult.Rejected) {
            return "rejected";
        }
        if (result instanceof NicResult.Duplicate) {
            return "duplicate";
        }
        if (result instanceof NicResult.AuthFailed) {
            return "auth_failed";
        }
        if (result instanceof NicResult.TransportFailure) {
            return "transport_failure";
        }
        return "signature_invalid";
    }
}
