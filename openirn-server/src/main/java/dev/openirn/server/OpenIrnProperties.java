package dev.openirn.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Every {@code openirn.*} setting, overridable by environment variables (OPENIRN_…). */
@ConfigurationProperties("openirn")
public record OpenIrnProperties(
        @DefaultValue(OpenIrnProperties.DEFAULT_DATA_DIR) Path dataDir,
        @DefaultValue Auth auth,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Irp irp,
        @DefaultValue Sandbox sandbox,
        @DefaultValue Retry retry,
        @DefaultValue RateLimit rateLimit) {

    /** Where the server keeps its database, keys and master key unless {@code openirn.data-dir} says otherwise. */
    public static final String DEFAULT_DATA_DIR = "./data";

    /** Token issuing: realm path, issuer and audience written into every access token. */
    public record Auth(
            @DefaultValue("onefinops") String realm,
            @DefaultValue("http://localhost:8080/realms/onefinops") String issuer,
            @DefaultValue("onefinops.api") String audience,
            @DefaultValue("gstn-india") String scope,
            @DefaultValue("900s") Duration tokenTtl) {
    }

    /** The first test client, created when the database holds no client at all. */
    public record Bootstrap(String clientId, String clientSecret, @DefaultValue("default") String organization) {
    }

    /**
     * Where invoices are registered: the bundled sandbox, or a real NIC IRP. {@code baseUrl} and the
     * keys beside it name one live IRP; {@code endpoints} lists live IRPs in order of preference
     * instead (the first healthy one registers, the next takes over while its circuit is open).
     */
    public record Irp(
            @DefaultValue("sandbox") String mode,
            @DefaultValue("4s") Duration syncDeadline,
            @DefaultValue("10s") Duration requestTimeout,
            String baseUrl,
            String clientId,
            String clientSecret,
            String encryptionPublicKeyPem,
            String signingCertificatePem,
            java.util.List<Endpoint> endpoints,
            @DefaultValue CircuitBreaker circuitBreaker) {

        public Irp {
            endpoints = endpoints == null ? java.util.List.of() : java.util.List.copyOf(endpoints);
        }

        /** One live IRP: a name for logs, metrics and the {@code irp} of what it registered, and how to reach it. */
        public record Endpoint(String name, String baseUrl, String clientId, String clientSecret,
                String encryptionPublicKeyPem, String signingCertificatePem) {
        }

        /**
         * Each endpoint's breaker: it opens when {@code failureRate} percent of the last {@code windowSize}
         * calls (at least {@code minimumCalls}) failed, and lets {@code halfOpenCalls} probes through after
         * {@code openWait}; it closes again when fewer than {@code failureRate} percent of them failed.
         */
        public record CircuitBreaker(
                @DefaultValue("20") int windowSize,
                @DefaultValue("10") int minimumCalls,
                @DefaultValue("50") int failureRate,
                @DefaultValue("10s") Duration openWait,
                @DefaultValue("10") int halfOpenCalls) {

            /** The defaults, for a port built without configuration. */
            public static CircuitBreaker defaults() {
                return new CircuitBreaker(20, 10, 50, Duration.ofSeconds(10), 10);
            }
        }
    }

    /**
     * The in-process IRP sandbox used when {@code openirn.irp.mode=sandbox}; with {@code irps} above 1 it
     * acts as that many IRPs sharing one registry ({@code sandbox-1}, {@code sandbox-2}, …), tried in
     * that order by test clients.
     */
    public record Sandbox(@DefaultValue("0") int port, @DefaultValue("1") int irps) {
    }

    /**
     * Background retries of invoices the IRP did not answer.
     *
     * @param lease          how long one attempt holds a row; unset means the worst case of one attempt
     *                       (derived from {@code openirn.irp.request-timeout}); a shorter value is refused
     * @param attemptThreads threads that make IRP calls (API first attempts and the workers)
     * @param attemptQueue   attempts waiting for such a thread; beyond it the API answers 202 at once
     */
    public record Retry(
            @DefaultValue("5s") Duration initialDelay,
            @DefaultValue("10m") Duration maxDelay,
            @DefaultValue("48h") Duration giveUpAfter,
            @DefaultValue("1s") Duration pollInterval,
            Duration lease,
            @DefaultValue("20") int batchSize,
            @DefaultValue("32") int attemptThreads,
            @DefaultValue("64") int attemptQueue) {
    }

    /**
     * Requests per OAuth client per fixed one-minute window, unless the client has its own limits
     * (api_client.rate_limit_*): the API, credential writes, and token requests (against secret guessing).
     */
    public record RateLimit(
            @DefaultValue("60") int api,
            @DefaultValue("10") int credentials,
            @DefaultValue("30") int token) {
    }
}
