package dev.openirn.server.tenancy;

/** Per-client rate limits per minute; a null keeps the configured default. */
public record RateLimitOverrides(Integer api, Integer credentials, Integer token) {

    public static final RateLimitOverrides DEFAULTS = new RateLimitOverrides(null, null, null);
}
