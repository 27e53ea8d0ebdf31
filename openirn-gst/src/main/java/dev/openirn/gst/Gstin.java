package dev.openirn.gst;

import java.util.regex.Pattern;

/** GSTIN structure and its mod-36 check character. */
public final class Gstin {

    /** Buyer GSTIN used for exports and unregistered recipients. */
    public static final String UNREGISTERED = "URP";

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** The IRP schema's own pattern for party GSTINs. */
    private static final Pattern IRP_SCHEMA = Pattern.compile("[0-9]{2}[0-9A-Z]{13}");

    private Gstin() {
    }

    public static boolean hasValidFormat(String gstin) {
        return gstin != null && IRP_SCHEMA.matcher(gstin).matches();
    }

    /** The check character NIC expects after the given first 14 characters. */
    public static char checkCharacter(String first14) {
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            int value = ALPHABET.indexOf(first14.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("GSTIN character outside 0-9A-Z at position " + i);
            }
            int weighted = value * (i % 2 == 0 ? 1 : 2);
            sum += weighted / 36 + weighted % 36;
        }
        return ALPHABET.charAt((36 - sum % 36) % 36);
    }

    public static boolean hasValidCheckCharacter(String gstin) {
        return hasValidFormat(gstin) && checkCharacter(gstin.substring(0, 14)) == gstin.charAt(14);
    }

    /** The two-digit state code a GSTIN starts with. */
    public static String stateCode(String gstin) {
        return gstin.substring(0, 2);
    }
}
