package dev.openirn.server.credentials;

import java.util.Locale;

/** The two NIC portals a GSTIN has separate API users for. Their public APIs name the GSTIN differently. */
public enum Portal {
    IRN("sellerGstin", "irn"),
    EWB("gstin", "ewb");

    private final String gstinField;
    private final String idPrefix;

    Portal(String gstinField, String idPrefix) {
        this.gstinField = gstinField;
        this.idPrefix = idPrefix;
    }

    String gstinField() {
        return gstinField;
    }

    String idPrefix() {
        return idPrefix;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Portal fromPath(String value) {
        for (Portal portal : values()) {
            if (portal.wireName().equals(value)) {
                return portal;
            }
        }
        return null;
    }
}
