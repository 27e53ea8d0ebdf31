package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClientConfig;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.ewaybill.EwbClient;
import dev.openirn.nic.ewaybill.EwbClientConfig;
import dev.openirn.nic.ewaybill.EwbDates;
import dev.openirn.nic.ewaybill.EwbOutcome;
import dev.openirn.nic.ewaybill.EwbValues;
import dev.openirn.sandbox.RunningIrpSandbox;
import dev.openirn.server.OpenIrnProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to NIC's e-way bill system. Test clients, and every client in {@code sandbox} mode, use the
 * e-way bill system of the bundled sandbox; live clients in {@code nic} mode use the one configured under
 * {@code openirn.ewb.*}, and without it are not connected ({@link #connected} is false). Sessions are scoped per
 * tenant and environment, as the IRP's are. Each system sits behind two circuit breakers built like the IRPs'
 * ({@code ewb-<name>-write} for generate and every change, {@code ewb-<name>-read}): unavailable and unanswered
 * calls trip them, and while one is open its calls end in {@link IrpUnavailableException} without leaving.
 */
@Component
public class EwayBillPortal {

    /** One e-way bill system: its client and breakers. */
    private record Channel(String name, EwbClient client, CircuitBreaker write, CircuitBreaker read) {
    }

    private final Channel test;
    private final Channel live;
    private final MeterRegistry meters;

    public EwayBillPortal(ObjectProvider<RunningIrpSandbox> sandbox, OpenIrnProperties properties, Clock clock,
            ObjectProvider<MeterRegistry> meters,
            @Value("${openirn.ewb.base-url:}") String liveBaseUrl,
            @Value("${openirn.ewb.client-id:}") String liveClientId,
            @Value("${openirn.ewb.client-secret:}") String liveClientSecret,
            @Value("${openirn.ewb.encryption-public-key-pem:}") String liveEncryptionKeyPem) {
        RunningIrpSandbox running = sandbox.getIfAvailable();
        EwbClient sandboxClient = running == null ? null : new EwbClient(EwbClientConfig.of(URI.create(running.ewbBaseUrl()),
                running.clientId(), running.clientSecret(), running.ewbEncryptionPublicKey())
                .withRequestTimeout(properties.irp().requestTimeout()), clock);
        EwbClient nicClient = null;
        if (!liveBaseUrl.isBlank()) {
            if (liveClientId.isBlank() || liveClientSecret.isBlank() || liveEncryptionKeyPem.isBlank()) {
                throw new IllegalStateException("openirn.ewb.base-url needs openirn.ewb.client-id, client-secret "
                        + "and encryption-public-key-pem");
            }
            nicClient = new EwbClient(EwbClientConfig.of(URI.create(liveBaseUrl), liveClientId, liveClientSecret,
                    NicClientConfig.parsePublicKey(liveEncryptionKeyPem))
                    .withRequestTimeout(properties.irp().requestTimeout()), clock);
        }
        boolean nicMode = "nic".equals(properties.irp().mode());
        // Transport trouble counts against a breaker; NIC's verdicts (ok, refused, auth) are the system working.
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(NicCircuits.config(properties.irp().circuitBreaker(),
                result -> result instanceof EwbOutcome.Unavailable<?> || result instanceof EwbOutcome.Unknown<?>));
        Channel sandboxChannel = channel("sandbox", sandboxClient, breakers);
        Channel nicChannel = channel("nic", nicClient, breakers);
        // As for the IRP: in nic mode test clients stay on the bundled sandbox, so test data never reaches NIC.
        this.test = sandboxChannel != null || !nicMode ? sandboxChannel : nicChannel;
        this.live = nicMode ? nicChannel : sandboxChannel;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    private static Channel channel(String name, EwbClient client, CircuitBreakerRegistry breakers) {
        return client == null ? null : new Channel(name, client, breakers.circuitBreaker("ewb-" + name + "-write"),
                breakers.circuitBreaker("ewb-" + name + "-read"));
    }

    /** Whether this environment's clients reach an e-way bill system at all. */
    public boolean connected(String environment) {
        return client(environment) != null;
    }

    /** A fresh login with {@code login}, whatever session is cached ("test connection"). */
    public LoginCheck checkLogin(String environment, IrpLogin login) {
        Channel channel = client(environment);
        if (channel == null) {
            throw new IllegalStateException("No e-way bill system for the " + environment + " environment");
        }
        AuthOutcome outcome = channel.client().authenticate(new NicCredentials(login.sessionScope(), login.gstin(), login.userName(),
                login.password()));
        return new LoginCheck(outcome.ok(), outcome.latency(), outcome.errorCode(), outcome.errorMessage(),
                outcome.transportFailure() != null);
    }

    /** Drops a tenant's cached e-way bill sessions of an API user, e.g. after the stored password changed. */
    public void forgetSession(String organizationId, String environment, String gstin, String userName) {
        Channel channel = client(environment);
        if (channel != null) {
            channel.client().forgetSession(new NicCredentials(Irp.sessionScope(organizationId, environment), gstin, userName, ""));
        }
    }

    private Channel client(String environment) {
        return "live".equals(environment) ? live : test;
    }

    private Channel required(String environment) {
        Channel channel = client(environment);
        if (channel == null) {
            throw new IrpUnavailableException("No e-way bill system is configured for the " + environment + " environment.");
        }
        return channel;
    }

    /** True while the environment's e-way bill system should not be sent a change (its write circuit is open). */
    public boolean writeCircuitOpen(String environment) {
        Channel channel = client(environment);
        return channel != null && !NicCircuits.permits(channel.write());
    }

    /** Every e-way bill circuit breaker by name ({@code ewb-sandbox-write}, …) and its state, for the console and metrics. */
    public Map<String, String> circuitStates() {
        Map<String, String> states = new TreeMap<>();
        for (Channel channel : java.util.stream.Stream.of(test, live).filter(java.util.Objects::nonNull).distinct().toList()) {
            for (CircuitBreaker breaker : List.of(channel.write(), channel.read())) {
                states.put(breaker.getName(), NicCircuits.state(breaker));
            }
        }
        return states;
    }

    /** GENEWAYBILL with NIC's Part-A (and optional Part-B) JSON. */
    public EwbAnswer generate(String environment, IrpLogin login, String ewayBillJson) {
        return translate(write(environment, "generate", client -> client.generate(nic(login), ewayBillJson)), generated -> EwbAnswer.ok(
                generated.ewayBillNo(), EwbDates.parse(generated.ewayBillDate()), generated.validUntil(),
                generated.alertDistance(), "ACT", null, EwbDates.parse(generated.ewayBillDate())));
    }

    /** The generator's active bill for a document: how an unanswered generate is resolved. REFUSED when there is none. */
    public EwbAnswer findByDocument(String environment, IrpLogin login, String documentType, String documentNumber) {
        return translate(read(environment, "get_by_document", client -> client.getByDocument(nic(login), documentType, documentNumber)), match -> EwbAnswer.ok(
                match.ewayBillNo(), EwbDates.parse(match.ewayBillDate()), EwbDates.parse(match.validUpto()), null, "ACT",
                null, null));
    }

    /** GetEwayBill: the bill as the system holds it now (status, validity). */
    public EwbAnswer read(String environment, IrpLogin login, long ewbNumber) {
        return translate(read(environment, "get_ewaybill", client -> client.getEwayBill(nic(login), ewbNumber)), bill -> EwbAnswer.ok(bill.ewbNo(),
                EwbDates.parse(bill.ewayBillDate()), EwbDates.parse(bill.validUpto()), bill.actualDist(), bill.status(),
                bill.rejectStatus(), null));
    }

    /** GetEwayBill with the bill's transporter and vehicle entries: how a change whose answer was lost is resolved. */
    public EwbBillAtNic readBill(String environment, IrpLogin login, long ewbNumber) {
        EwbOutcome<EwbValues.EwayBill> outcome = read(environment, "get_ewaybill", client -> client.getEwayBill(nic(login), ewbNumber));
        EwbAnswer answer = translate(outcome, bill -> EwbAnswer.ok(bill.ewbNo(), EwbDates.parse(bill.ewayBillDate()),
                EwbDates.parse(bill.validUpto()), bill.actualDist(), bill.status(), bill.rejectStatus(), null));
        if (!(outcome instanceof EwbOutcome.Ok<EwbValues.EwayBill> ok)) {
            return new EwbBillAtNic(answer, null, List.of());
        }
        List<EwbBillAtNic.Vehicle> vehicles = ok.value().vehicles().stream()
                .map(vehicle -> new EwbBillAtNic.Vehicle(vehicle.vehicleNo(), vehicle.fromPlace(), vehicle.fromState(),
                        vehicle.transMode(), vehicle.transDocNo(), enteredAt(vehicle.enteredDate())))
                .toList();
        return new EwbBillAtNic(answer, ok.value().transporterId(), vehicles);
    }

    private static java.time.Instant enteredAt(String text) {
        try {
            return EwbDates.parse(text);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** VEHEWB with NIC's Part-B JSON. */
    public EwbAnswer updateVehicle(String environment, IrpLogin login, long ewbNumber, String partBJson) {
        return translate(write(environment, "update_part_b", client -> client.updateVehicle(nic(login), partBJson)), updated -> EwbAnswer.ok(ewbNumber,
                null, updated.validUntil(), null, "ACT", null, EwbDates.parse(updated.vehUpdDate())));
    }

    public EwbAnswer updateTransporter(String environment, IrpLogin login, long ewbNumber, String transporterId) {
        return translate(write(environment, "update_transporter", client -> client.updateTransporter(nic(login), ewbNumber, transporterId)), updated ->
                EwbAnswer.ok(ewbNumber, null, null, null, "ACT", null, EwbDates.parse(updated.transUpdateDate())));
    }

    /** EXTENDVALIDITY with NIC's JSON. */
    public EwbAnswer extendValidity(String environment, IrpLogin login, long ewbNumber, String extensionJson) {
        return translate(write(environment, "extend_validity", client -> client.extendValidity(nic(login), extensionJson)), extended -> EwbAnswer.ok(
                ewbNumber, null, extended.validUntil(), null, "ACT", null, EwbDates.parse(extended.updatedDate())));
    }

    public EwbAnswer cancel(String environment, IrpLogin login, long ewbNumber, int reasonCode, String remark) {
        return translate(write(environment, "cancel", client -> client.cancel(nic(login), ewbNumber, reasonCode, remark)), cancelled ->
                EwbAnswer.ok(ewbNumber, null, null, null, "CNL", null, EwbDates.parse(cancelled.cancelDate())));
    }

    public EwbAnswer reject(String environment, IrpLogin login, long ewbNumber) {
        return translate(write(environment, "reject", client -> client.reject(nic(login), ewbNumber)), rejected -> EwbAnswer.ok(ewbNumber, null,
                null, null, "ACT", "Y", EwbDates.parse(rejected.ewbRejectedDate())));
    }

    private <T> EwbOutcome<T> write(String environment, String operation, Function<EwbClient, EwbOutcome<T>> call) {
        Channel channel = required(environment);
        return call(operation, channel, channel.write(), () -> call.apply(channel.client()));
    }

    private <T> EwbOutcome<T> read(String environment, String operation, Function<EwbClient, EwbOutcome<T>> call) {
        Channel channel = required(environment);
        return call(operation, channel, channel.read(), () -> call.apply(channel.client()));
    }

    /** One call through its breaker, timed as {@code openirn.ewb.calls} by system, operation and outcome. */
    private <T> EwbOutcome<T> call(String operation, Channel channel, CircuitBreaker breaker, Supplier<EwbOutcome<T>> call) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
            EwbOutcome<T> result = breaker.executeSupplier(call);
            outcome = result instanceof EwbOutcome.Ok<T> ? "success"
                    : result instanceof EwbOutcome.Refused<T> ? "rejected"
                    : result instanceof EwbOutcome.AuthFailed<T> ? "auth_failed"
                    : result instanceof EwbOutcome.Unavailable<T> ? "unavailable" : "unknown";
            return result;
        } catch (CallNotPermittedException e) {
            outcome = "circuit_open";
            throw new IrpUnavailableException("The e-way bill system is failing; circuit " + breaker.getName() + " is open.");
        } finally {
            Timer.builder("openirn.ewb.calls").description("Calls to the e-way bill system, by operation and outcome")
                    .tag("operation", operation).tag("outcome", outcome).tag("ewb", channel.name())
                    .register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private static NicCredentials nic(IrpLogin login) {
        return new NicCredentials(login.sessionScope(), login.gstin(), login.userName(), login.password());
    }

    private static <T> EwbAnswer translate(EwbOutcome<T> outcome, Function<T, EwbAnswer> ok) {
        if (outcome instanceof EwbOutcome.Ok<T> success) {
            return ok.apply(success.value());
        }
        if (outcome instanceof EwbOutcome.Refused<T> refused) {
            return EwbAnswer.failed(EwbAnswer.Kind.REFUSED, errors(refused.errors()), refused.info());
        }
        if (outcome instanceof EwbOutcome.AuthFailed<T> auth) {
            return EwbAnswer.failed(EwbAnswer.Kind.AUTH_FAILED, errors(auth.errors()), null);
        }
        if (outcome instanceof EwbOutcome.Unavailable<T> unavailable) {
            return EwbAnswer.failed(EwbAnswer.Kind.UNAVAILABLE, java.util.List.of(), unavailable.reason());
        }
        return EwbAnswer.failed(EwbAnswer.Kind.UNKNOWN, java.util.List.of(), ((EwbOutcome.Unknown<T>) outcome).reason());
    }

    static java.util.List<EwbAnswer.Error> errors(java.util.List<dev.openirn.nic.NicError> errors) {
        return errors.stream().map(error -> new EwbAnswer.Error(error.code(), error.message())).toList();
    }
}
