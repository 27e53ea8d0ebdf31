package dev.openirn.nic;

import java.time.Duration;
import java.time.Instant;

/**
 * The answer to "test connection": did a fresh login succeed, how long did it take and, if not, why.
 *
 * @param tokenExpiry    when the issued token expires; null unless ok
 * @param errorCode      NIC's code (e.g. "1019") when the IRP refused; null otherwise
 * @param errorMessage   NIC's message, or a transport description when the IRP could not be reached
 * @param transportFailure why the IRP could not be reached; null when it answered
 */
public record AuthOutcome(boolean ok, Duration latency, Instant tokenExpiry, String errorCode, String errorMessage,
                          NicResult.TransportFailure.Kind transportFailure) {

    public static AuthOutcome succeeded(Duration latency, Instant tokenExpiry) {
        return new AuthOutcome(true, latency, tokenExpiry, null, null, null);
    }

    public static AuthOutcome refused(Duration latency, NicError firstError) {
        return new AuthOutcome(false, latency, null, firstError.code(), firstError.message(), null);
    }

    public static AuthOutcome unreachable(Duration latency, NicResult.TransportFailure failure) {
        return new AuthOutcome(false, latency, null, null, failure.detail(), failure.kind());
    }
}
