package dev.openirn.server.credentials;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer of a connection test: the IRP's own error code and message when it refused, verbatim. */
@JsonPropertyOrder({"ok", "latencyMs", "vendorErrorCode", "vendorMessage", "irpReachable"})
public record TestConnectionResult(boolean ok, long latencyMs, String vendorErrorCode, String vendorMessage,
        boolean irpReachable) {
}
