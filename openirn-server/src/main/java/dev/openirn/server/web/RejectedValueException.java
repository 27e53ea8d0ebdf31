package dev.openirn.server.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * A JSON value of the right type that the API refuses to take in (a number with an absurd scale, a
 * string with a control character). Jackson adds the field's path as the exception travels out of
 * the binding; {@link JsonErrors} turns it into a 400 naming that field.
 */
public final class RejectedValueException extends InvalidFormatException {

    private final String code;
    private final String reason;

    RejectedValueException(JsonParser parser, String code, String reason, Object value, Class<?> targetType) {
        super(parser, reason, value, targetType);
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    /** What is wrong, as the end of a sentence that starts with the field name. */
    public String reason() {
        return reason;
    }
}
