package dev.openirn.server.web;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/** A failure the client caused or must know about, with the branchable code it answers with. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<ErrorDetail> details;
    private final Upstream upstream;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, List.of(), null, null);
    }

    public ApiException(HttpStatus status, String code, String message, List<ErrorDetail> details, Upstream upstream,
            Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.upstream = upstream;
        this.retryAfter = retryAfter;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found.");
    }

    public static ApiException validation(String message, List<ErrorDetail> details) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "validation_error", message, details, null, null);
    }

    public static ApiException badRequest(String code, String message, String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message,
                field == null ? List.of() : List.of(ErrorDetail.of(field, code, message)), null, null);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<ErrorDetail> details() {
        return details;
    }

    public Upstream upstream() {
        return upstream;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
