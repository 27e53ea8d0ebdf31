package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One problem of an error answer or one warning of an e-invoice: the field, a code and a message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ErrorDetail {
    private String field;
    private String code;
    private String message;
    private String nicCode;

    public ErrorDetail() {
    }

    public ErrorDetail(String field, String code, String message) {
        this.field = field;
        this.code = code;
        this.message = message;
    }

    /** The request field it concerns, e.g. {@code lines[0].hsnCode}; may be null. */
    public String field() {
        return field;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The IRP's error code, when the IRP reported it. */
    public String nicCode() {
        return nicCode;
    }

    @Override
    public String toString() {
        return (field == null ? "" : field + ": ") + code + " " + message + (nicCode == null ? "" : " (IRP " + nicCode + ")");
    }
}
