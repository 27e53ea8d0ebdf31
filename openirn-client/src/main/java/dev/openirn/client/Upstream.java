package dev.openirn.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What the IRP itself answered, when it decided an error. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Upstream {
    private String code;
    private String message;

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }

    @Override
    public String toString() {
        return code + " " + message;
    }
}
