package dev.openirn.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One problem with one field; {@code nicCode} is the IRP's code for the same rule, when it has one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorDetail(String field, String code, String message, String nicCode) {

    public static ErrorDetail of(String field, String code, String message) {
        return new ErrorDetail(field, code, message, null);
    }
}
