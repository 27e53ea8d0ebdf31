package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import dev.openirn.nic.SharedSessions;
import dev.openirn.server.OpenIrnProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to the IRPs: one NIC client per IRP (test and live may use different ones, and
 * each environment may list several, see {@link IrpEndpoints}), each behind its own circuit breakers.
 * Transport failures trip a breaker, and so do the IRP's system errors when the environment has
 * another IRP to fail over to; a rejection is the IRP working as it should. New registrations and
 * cancellations go to the first IRP whose circuit lets them through, one IRP per call: a call whose
 * outcome is unknown is never repeated on the next IRP here, its caller reads back first. Reads try
 * each healthy IRP in turn until one answers, since IRNs are shared by all IRPs. Callers get
 * {@link IrpAnswer}s and never see the NIC client's own types ({@link NicAnswers} translates them).
 * IRP sessions are shared by the cluster ({@link IrpSessions}): one login per API user and IRP.
 */
@Component
public class Irp {

    /** NIC: "IRN details cannot be provided as it is generated more than 2 days ago". */
    private static final String OUTSIDE_READ_WINDOW = "2283";

    private final IrpEndpoints endpoints;
    private final Map<IrpEndpoint, Channel> channels = new LinkedHashMap<>();
    private final MeterRegistry meters;

    public Irp(IrpEndpoints endpoints, Clock clock, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<OpenIrnProperties> properties, ObjectProvider<SharedSessions> sharedSessions) {
        SharedSessions shared = sharedSessions.getIfAvailable();
        this.endpoints = endpoints;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        OpenIrnProperties.Irp.CircuitBreaker settings = NicCircuits.settings(properties);
        for (IrpEndpoint endpoint : endpoints.distinct()) {
            boolean hasFallback = endpoints.all("test").size() > 1 && endpoints.all("test").contains(endpoint)
                    || endpoints.all("live").size() > 1 && endpoints.all("live").contains(endpoint);
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(breakerConfig(settings, hasFallback));
            String name = endpoint.name();
            channels.put(endpoint, new Channel(endpoint, new NicClient(endpoint.config(), clock, shared, name),
                    registry.circuitBreaker("irp-" + name + "-generate"),
                    registry.circuitBreaker("irp-" + name + "-read"), registry.circuitBreaker("irp-" + name + "-cancel")));
        }
    }

    private static CircuitBreakerConfig breakerConfig(OpenIrnProperties.Irp.CircuitBreaker settings, boolean hasFallback) {
        return NicCircuits.config(settings, result -> result instanceof NicResult.TransportFailure
                || hasFallback && result instanceof NicResult.Rejected rejected && rejected.isIrpSystemError());
    }

    private record Channel(IrpEndpoint endpoint, NicClient client, CircuitBreaker generate, CircuitBreaker read,
            CircuitBreaker cancel) {

        String name() {
            return endpoint.name();
        }
    }

    /** Sends the invoice to the first IRP whose circuit lets it through; the answer says which ({@code irp}). */
    public IrpAnswer generate(String environment, IrpLogin login, String invoiceJson) {
        Channel channel = firstPermitting(environment, Channel::generate);
        return tagged(channel, NicAnswers.ofRegistration(call("generate", channel, channel.generate(),
                () -> channel.client().generate(nic(login), invoiceJson))));
    }

    public IrpAnswer getByIrn(String environment, IrpLogin login, String irn) {
        return eachHealthy(environment, (index, channel) -> byIrn(channel, login, irn));
    }

    public IrpAnswer getByDocument(String environment, IrpLogin login, String documentType, String documentNumber,
            String documentDateDdMmYyyy) {
        return eachHealthy(environment, (index, channel) -> byDocument(channel, login, documentType, documentNumber,
                documentDateDdMmYyyy));
    }

    /**
     * Whether the IRPs hold our document: the first IRP is asked by IRN (by document once that is past
     * its read window), the others by document details, each healthy IRP in turn until one answers.
     * An IRP that gives no answer passes the question on; the answer says which IRP gave it.
     */
    public IrpAnswer readBack(String environment, IrpLogin login, String irn, String documentType,
            String documentNumber, String documentDateDdMmYyyy) {
        return eachHealthy(environment, (index, channel) -> {
            if (index > 0) {
                return byDocument(channel, login, documentType, documentNumber, documentDateDdMmYyyy);
            }
            IrpAnswer found = byIrn(channel, login, irn);
            if (found instanceof IrpAnswer.Rejected rejected && rejected.hasCode(OUTSIDE_READ_WINDOW)) {
                found = byDocument(channel, login, documentType, documentNumber, documentDateDdMmYyyy);
            }
            return found;
        });
    }

    private IrpAnswer byIrn(Channel channel, IrpLogin login, String irn) {
        return tagged(channel, NicAnswers.ofRegistration(call("get_by_irn", channel, channel.read(),
                () -> channel.client().getByIrn(nic(login), irn))));
    }

    private IrpAnswer byDocument(Channel channel, IrpLogin login, String documentType, String documentNumber,
            String documentDateDdMmYyyy) {
        return tagged(channel, NicAnswers.ofRegistration(call("get_by_document", channel, channel.read(),
                () -> channel.client().getByDocument(nic(login), documentType, documentNumber, documentDateDdMmYyyy))));
    }

    /** Cancels on the first IRP whose circuit lets it through: cancellations are shared by all IRPs. */
    public IrpAnswer cancel(String environment, IrpLogin login, String irn, String reasonCode, String remarks) {
        Channel channel = firstPermitting(environment, Channel::cancel);
        return NicAnswers.ofCancel(call("cancel", channel, channel.cancel(),
                () -> channel.client().cancel(nic(login), irn, reasonCode, remarks)));
    }

    /** Generate EWB by IRN: the e-invoice's parties and items with the transport in {@code ewbByIrnJson}. */
    public EwbAnswer generateEwayBill(String environment, IrpLogin login, String ewbByIrnJson) {
        Channel channel = firstPermitting(environment, Channel::generate);
        NicResult result = call("generate_ewb", channel, channel.generate(),
                () -> channel.client().generateEwayBill(nic(login), ewbByIrnJson));
        return NicAnswers.ofEwayBill(result);
    }

    /** The e-way bill the IRP holds for an IRN: how an unanswered generate by IRN is resolved (REFUSED when none). */
    public EwbAnswer getEwayBillByIrn(String environment, IrpLogin login, String irn) {
        Channel channel = firstPermitting(environment, Channel::read);
        return NicAnswers.ofEwayBill(call("get_ewb_by_irn", channel, channel.read(),
                () -> channel.client().getEwayBillByIrn(nic(login), irn)));
    }

    /** The IRP's registration of {@code gstin} (Get GSTIN details), asked as {@code login}. */
    public IrpAnswer gstinDetails(String environment, IrpLogin login, String gstin) {
        return eachHealthy(environment, (index, channel) -> NicAnswers.ofTaxpayer(call("gstin_details", channel,
                channel.read(), () -> channel.client().gstinDetails(nic(login), gstin))));
    }

    /** A registration as issued by {@code channel}'s IRP. */
    private static IrpAnswer tagged(Channel channel, IrpAnswer answer) {
        if (answer instanceof IrpAnswer.Registered registered) {
            return new IrpAnswer.Registered(registered.registration().on(channel.name()), registered.document());
        }
        return answer;
    }

    private interface Read {
        IrpAnswer ask(int index, Channel channel);
    }

    /**
     * Asks each IRP of the environment whose read circuit is not open, in order, until one answers;
     * no answer from any is the last IRP's no-answer. Open everywhere: {@link IrpUnavailableException}.
     */
    private IrpAnswer eachHealthy(String environment, Read read) {
        List<IrpEndpoint> list = endpoints.all(environment);
        IrpAnswer unanswered = null;
        IrpUnavailableException unavailable = null;
        for (int index = 0; index < list.size(); index++) {
            Channel channel = channels.get(list.get(index));
            if (!permits(channel.read())) {
                continue;
            }
            try {
                IrpAnswer answer = read.ask(index, channel);
                if (!(answer instanceof IrpAnswer.NoAnswer || answer instanceof IrpAnswer.SystemError)) {
                    return answer;
                }
                unanswered = answer;
            } catch (IrpUnavailableException e) {
                unavailable = e;
            }
        }
        if (unanswered != null) {
            return unanswered;
        }
        throw unavailable != null ? unavailable
                : new IrpUnavailableException("The IRPs are failing; every read circuit of " + environment + " is open.");
    }

    /** The environment's first IRP whose breaker (of one kind) lets a call through. */
    private Channel firstPermitting(String environment, java.util.function.Function<Channel, CircuitBreaker> kind) {
        for (IrpEndpoint endpoint : endpoints.all(environment)) {
            Channel channel = channels.get(endpoint);
            if (permits(kind.apply(channel))) {
                return channel;
            }
        }
        throw new IrpUnavailableException("The IRPs are failing; every circuit of " + environment + " is open.");
    }

    private static boolean permits(CircuitBreaker breaker) {
        return NicCircuits.permits(breaker);
    }

    /** A fresh login with {@code login}, whatever session is cached ("test connection"). */
    public LoginCheck checkLogin(String environment, IrpLogin login) {
        AuthOutcome outcome = channels.get(endpoints.of(environment)).client().authenticate(nic(login));
        return new LoginCheck(outcome.ok(), outcome.latency(), outcome.errorCode(), outcome.errorMessage(),
                outcome.transportFailure() != null);
    }

    /** Drops a tenant's cached IRP sessions of an API user, e.g. after the stored password changed. */
    public void forgetSession(String organizationId, String environment, String gstin, String userName) {
        for (IrpEndpoint endpoint : endpoints.all(environment)) {
            channels.get(endpoint).client().forgetSession(
                    new NicCredentials(sessionScope(organizationId, environment), gstin, userName, ""));
        }
    }

    private static NicCredentials nic(IrpLogin login) {
        return new NicCredentials(login.sessionScope(), login.gstin(), login.userName(), login.password());
    }

    /** IRP sessions belong to one tenant's environment and are never shared with another. */
    static String sessionScope(String organizationId, String environment) {
        return organizationId + "/" + environment;
    }

    /** True while no IRP of the environment should even be sent a new generate (every circuit open). */
    public boolean generateCircuitOpen(String environment) {
        return endpoints.all(environment).stream().noneMatch(endpoint -> permits(channels.get(endpoint).generate()));
    }

    /** Every circuit breaker by name ({@code irp-sandbox-generate}, {@code irp-sandbox-2-read}, …) and its state, for the console and metrics. */
    public Map<String, String> circuitStates() {
        Map<String, String> states = new java.util.TreeMap<>();
        for (Channel channel : channels.values()) {
            for (CircuitBreaker breaker : List.of(channel.generate(), channel.read(), channel.cancel())) {
                states.put(breaker.getName(), NicCircuits.state(breaker));
            }
        }
        return states;
    }

    /** One IRP call through its breaker, timed as {@code openirn.irp.calls} by IRP, operation and outcome. */
    private NicResult call(String operation, Channel channel, CircuitBreaker breaker, Supplier<NicResult> call) {
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
                    .tag("operation", operation).tag("outcome", outcome).tag("irp", channel.name())
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
