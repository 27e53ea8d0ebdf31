package dev.openirn.server.irp;

import dev.openirn.nic.AuthOutcome;
import dev.openirn.nic.NicClient;
import dev.openirn.nic.NicCredentials;
import dev.openirn.nic.NicResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The gateway's port to the IRP: the NIC client behind one circuit breaker per endpoint. Only
 * transport failures trip a breaker; a rejection is the IRP working as it should.
 */
@Component
public class Irp {

    private final NicClient client;
    private final CircuitBreaker generate;
    private final CircuitBreaker read;
    private final CircuitBreaker cancel;

    public Irp(NicClient client) {
        this.client = client;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(10))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordResult(result -> result instanceof NicResult.TransportFailure)
                .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        this.generate = registry.circuitBreaker("irp-generate");
        this.read = registry.circuitBreaker("irp-read");
        this.cancel = registry.circuitBreaker("irp-cancel");
    }

    public NicResult generate(NicCredentials credentials, String invoiceJson) {
        return call(generate, () -> client.generate(credentials, invoiceJson));
    }

    public NicResult getByIrn(NicCredentials credentials, String irn) {
        return call(read, () -> client.getByIrn(credentials, irn));
    }

    public NicResult getByDocument(NicCredentials credentials, String documentType, String documentNumber,
            String documentDateDdMmYyyy) {
        return call(read, () -> client.getByDocument(credentials, documentType, documentNumber, documentDateDdMmYyyy));
    }

    public NicResult cancel(NicCredentials credentials, String irn, String reasonCode, String remarks) {
        return call(cancel, () -> client.cancel(credentials, irn, reasonCode, remarks));
    }

    public AuthOutcome authenticate(NicCredentials credentials) {
        return client.authenticate(credentials);
    }

    /** True while new generates should not even be tried (the worker keeps probing). */
    public boolean generateCircuitOpen() {
        return generate.getState() == CircuitBreaker.State.OPEN;
    }

    private static NicResult call(CircuitBreaker breaker, Supplier<NicResult> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new IrpUnavailableException("The IRP is failing; circuit " + breaker.getName() + " is open.");
        }
    }
}
