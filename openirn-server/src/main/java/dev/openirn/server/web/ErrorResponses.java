package dev.openirn.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Builds the error envelope, for controllers and for the filters that answer before MVC. */
@Component
public class ErrorResponses {

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
    }

    public ErrorEnvelope envelope(HttpServletRequest request, HttpStatus status, String code, String message,
            List<ErrorDetail> details, Upstream upstream) {
        return new ErrorEnvelope("error", code, message, status.value(), RequestIds.requestId(request),
                RequestIds.traceId(request), details == null ? List.of() : details, upstream);
    }

    public ResponseEntity<ErrorEnvelope> entity(HttpServletRequest request, ApiException e) {
        var builder = ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfter() != null) {
            builder.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return builder.body(envelope(request, e.status(), e.code(), e.getMessage(), e.details(), e.upstream()));
    }

    /** For security filters and the servlet error page, which write the response themselves. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
            String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), envelope(request, status, code, message, List.of(), null));
    }
}
