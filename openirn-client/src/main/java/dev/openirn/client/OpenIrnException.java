package dev.openirn.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;

/**
 * An error answer of the API, carrying its error envelope: {@code code}, {@code message},
 * {@code httpStatus}, {@code requestId}, {@code traceId}, {@code details[]} and {@code upstream}
 * (the IRP's own code, when it decided). Subclasses name the common cases so callers can catch them.
 */
public class OpenIrnException extends RuntimeException {

    private final String code;
    private final int httpStatus;
    private final String requestId;
    private final String traceId;
    private final List<ErrorDetail> details;
    private final Upstream upstream;
    private final JsonNode envelope;

    public OpenIrnException(String code, String message, int httpStatus, String requestId, String traceId,
            List<ErrorDetail> details, Upstream upstream, JsonNode envelope, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.requestId = requestId;
        this.traceId = traceId;
        this.details = details == null ? List.of() : Collections.unmodifiableList(details);
        this.upstream = upstream;
        this.envelope = envelope;
    }

    OpenIrnException(ErrorEnvelope envelope, JsonNode raw) {
        this(envelope.code, envelope.message, envelope.httpStatus, envelope.requestId, envelope.traceId,
                envelope.details, envelope.upstream, raw, null);
    }

    /** The error code, e.g. {@code validation_error}, {@code einvoice.not_cancellable}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer; 0 when no answer was received (network failure). */
    public int httpStatus() {
        return httpStatus;
    }

    public String requestId() {
        return requestId;
    }

    public String traceId() {
        return traceId;
    }

    /** One entry per problem (field, code, message), e.g. every broken validation rule. */
    public List<ErrorDetail> details() {
        return details;
    }

    /** The IRP's code and message when the IRP decided, otherwise null. */
    public Upstream upstream() {
        return upstream;
    }

    /** The error envelope as received (null when there was none). */
    public JsonNode envelope() {
        return envelope;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName()).append(": ").append(httpStatus).append(' ')
                .append(code).append(": ").append(getMessage());
        for (ErrorDetail detail : details) {
            text.append("\n  ").append(detail);
        }
        if (upstream != null) {
            text.append("\n  upstream ").append(upstream);
        }
        return text.toString();
    }

    /** Maps an envelope to the most specific exception type. */
    static OpenIrnException of(ErrorEnvelope envelope, JsonNode raw) {
        switch (envelope.httpStatus) {
            case 400:
                return new BadRequestException(envelope, raw);
            case 401:
            case 403:
                return new AuthenticationException(envelope, raw);
            case 404:
                return new NotFoundException(envelope, raw);
            case 409:
                return new ConflictException(envelope, raw);
            case 422:
                return new ValidationException(envelope, raw);
            case 429:
                return new RateLimitedException(envelope, raw);
            default:
                return envelope.httpStatus >= 500 ? new ServerException(envelope, raw) : new OpenIrnException(envelope, raw);
        }
    }

    /** 400: a malformed request, parameter or idempotency key. */
    public static class BadRequestException extends OpenIrnException {
        BadRequestException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 401/403: wrong credentials, an expired or revoked client, or no access. */
    public static class AuthenticationException extends OpenIrnException {
        AuthenticationException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 404: no such object in the caller's organization and environment. */
    public static class NotFoundException extends OpenIrnException {
        NotFoundException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 409: the object's state forbids it (not cancellable, duplicate, key reused with another body, …). */
    public static class ConflictException extends OpenIrnException {
        ConflictException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 422: the document breaks rules; {@link #details()} lists each. */
    public static class ValidationException extends OpenIrnException {
        ValidationException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 429 after the client's retries ran out. */
    public static class RateLimitedException extends OpenIrnException {
        RateLimitedException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** 5xx after the client's retries ran out. */
    public static class ServerException extends OpenIrnException {
        ServerException(ErrorEnvelope envelope, JsonNode raw) {
            super(envelope, raw);
        }
    }

    /** No answer (connection refused, reset, timed out) after the client's retries ran out. */
    public static class ConnectionException extends OpenIrnException {
        ConnectionException(String message, Throwable cause) {
            super("network_error", message, 0, null, null, List.of(), null, null, cause);
        }
    }

    /** {@link OpenIrnClient#waitUntilTerminal} gave up; {@link #lastSeen()} is the last status read. */
    public static class WaitTimeoutException extends OpenIrnException {
        private final EInvoiceStatus lastSeen;

        WaitTimeoutException(String message, EInvoiceStatus lastSeen) {
            super("client.wait_timeout", message, 0, null, null, List.of(), null, null, null);
            this.lastSeen = lastSeen;
        }

        public EInvoiceStatus lastSeen() {
            return lastSeen;
        }
    }
}
