package dev.openirn.server.web;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/** Turns a JSON parse or binding failure into a 400 that names the field, without Jackson's internals. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static ApiException toApiException(JacksonException e) {
        String field = path(e);
        if (e instanceof RejectedValueException rejected && field != null) {
            String message = "Field " + field + " " + rejected.reason() + ".";
            return new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, rejected.code(), message,
                    List.of(ErrorDetail.of(field, rejected.code(), message)), null, null);
        }
        if (e instanceof StreamConstraintsException) {
            // Which limit, without the parser's internals: the limits are far above any real e-invoice.
            return ApiException.badRequest("request.json_limit_exceeded", "The request body exceeds a JSON limit "
                    + "(string or number length, nesting depth or document size)" + location(e) + ".", null);
        }
        if (e instanceof DatabindException && field != null) {
            String message = "Field " + field + " has the wrong JSON type or format.";
            return new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "request.invalid_field_type", message,
                    List.of(ErrorDetail.of(field, "invalid_type", message)), null, null);
        }
        return ApiException.badRequest("request.malformed_json",
                "The request body is not valid JSON" + location(e) + ".", null);
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static String path(JacksonException e) {
        List<JacksonException.Reference> references = e.getPath();
        if (references == null || references.isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }
}
