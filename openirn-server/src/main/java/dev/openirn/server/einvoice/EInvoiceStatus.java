package dev.openirn.server.einvoice;

import java.util.Locale;

/** The documented state machine. */
public enum EInvoiceStatus {
    PENDING, QUEUED, GENERATED, CANCELLED, FAILED_RETRIABLE, FAILED_TERMINAL, NOT_APPLICABLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EInvoiceStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** States the retry worker still owns. */
    public boolean awaitsIrp() {
        return this == PENDING || this == QUEUED || this == FAILED_RETRIABLE;
    }
}
