package dev.openirn.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Every {@code openirn.*} setting, overridable by environment variables (OPENIRN_…). */
@ConfigurationProperties("openirn")
public record OpenIrnProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Auth auth,
        @DefaultValue Bootstrap bootstrap,
        @DefaultValue Irp irp,
        @DefaultValue Sandbox sandbox,
        @DefaultValue Retry retry,
        @DefaultValue RateLimit rateLimit) {

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

    /** Where invoices are registered: the bundled sandbox, or a real NIC IRP. */
    public record Irp(
            @DefaultValue("sandbox") String mode,
            @DefaultValue("4s") Duration syncDeadline,
            @DefaultValue("10s") Duration requestTimeout,
            String baseUrl,
            String clientId,
            String clientSecret,
            String encryptionPublicKeyPem,
            String signingCertificatePem) {
    }

    /** The in-process IRP sandbox used when {@code openirn.irp.mode=sandbox}. */
    public record Sandbox(@DefaultValue("0") int port) {
    }

    /** Background retries of invoices the IRP did not answer. */
    public record Retry(
            @DefaultValue("5s") Duration initialDelay,
            @DefaultValue("10m") Duration maxDelay,
            @DefaultValue("48h") Duration giveUpAfter,
            @DefaultValue("1s") Duration pollInterval,
            @DefaultValue("60s") Duration lease,
            @DefaultValue("20") int batchSize) {
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
