package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The API's error body, as read from the wire. */
@JsonIgnoreProperties(ignoreUnknown = true)
final class ErrorEnvelope {
    String code;
    String message;
    int httpStatus;
    String requestId;
    String traceId;
    List<ErrorDetail> details;
    Upstream upstream;
}
