package dev.openirn.server.web;

/** The IRP's own error, verbatim, so client code never needs to parse our message. */
public record Upstream(String provider, String code, String message) {

    public static Upstream nic(String code, String message) {
        return new Upstream("nic-irp", code, message);
    }
}
