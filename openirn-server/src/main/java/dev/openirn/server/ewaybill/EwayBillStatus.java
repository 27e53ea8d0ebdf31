package dev.openirn.server.ewaybill;

import java.util.Locale;

/** Where an e-way bill is in its life; see {@link EwayBillLifecycle} for the moves between them. */
public enum EwayBillStatus {
    PENDING, QUEUED, FAILED_RETRIABLE, FAILED_TERMINAL, GENERATED, CANCELLED, REJECTED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EwayBillStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Still waiting for NIC's verdict on the generate. */
    public boolean awaitingNic() {
        return this == PENDING || this == QUEUED || this == FAILED_RETRIABLE;
    }
}
