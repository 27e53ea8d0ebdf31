package dev.openirn.server.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The one error body every failure answers with. */
@JsonPropertyOrder({"object", "code", "message", "httpStatus", "requestId", "traceId", "details", "upstream"})
public record ErrorEnvelope(
        String object,
        String code,
        String message,
        int httpStatus,
        String requestId,
        String traceId,
        List<ErrorDetail> details,
        Upstream upstream) {
}
