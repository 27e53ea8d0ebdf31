package dev.openirn.sandbox;

import java.util.Locale;

/** How the sandbox misbehaves when a fault is armed. */
public enum FaultMode {
    /** Answer normally, but only after {@link Fault#latency()}. */
    LATENCY,
    /** Do the work and commit it (IRN registered, cancel stored), then hold the connection and drop it unanswered. */
    TIMEOUT_AFTER_COMMIT,
    /** HTTP 500 without doing the work. */
    HTTP_500,
    /**
     * NIC's system error (5002) envelope without doing the work; on e-way bill paths the GSP's
     * {@code {"message":"EWB : GSPGSTDOWN","success":false}}. HTTP 200 unless {@link Fault#httpStatus()} says otherwise.
     */
    GSP_DOWN,
    /** Close the connection without doing the work or answering. */
    DROP_CONNECTION;

    /** The wire name used by {@code POST /sandbox/faults}, e.g. {@code timeout_after_commit}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FaultMode fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
