package dev.openirn.server.tenancy;

/**
 * An OAuth client of one organization in one environment. The secret is held only as a hash. A null
 * rate limit means the configured default ({@code openirn.rate-limit.*}). Only tokens issued in the current
 * {@code tokenGeneration} are accepted; rotating the secret or disabling the client starts a new one.
 */
public record ApiClient(String clientId, String organizationId, ApiEnvironment environment, String secretHash,
        String profile, boolean active, Integer apiRateLimit, Integer credentialRateLimit, Integer tokenRateLimit,
        long tokenGeneration) {

    @Override
    public String toString() {
        return "ApiClient[" + clientId + ", " + organizationId + ", " + environment.wireName() + ", active=" + active + "]";
    }
}
