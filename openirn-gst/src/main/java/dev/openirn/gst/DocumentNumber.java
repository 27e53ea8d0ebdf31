package dev.openirn.gst;

import java.util.regex.Pattern;

/**
 * The shape NIC accepts for a document number ({@code DocDtls.No}): up to 16 characters of letters, digits,
 * {@code /} and {@code -}, not starting with {@code 0}, {@code /} or {@code -}. The gateway's validator and the
 * sandbox's schema check both test against this one pattern.
 */
public final class DocumentNumber {

    public static final Pattern PATTERN = Pattern.compile("[a-zA-Z1-9][a-zA-Z0-9/-]{0,15}");

    /** A preceding document's number ({@code PrecDocDtls.InvNo}), which NIC wants at least two characters long. */
    public static final Pattern PRECEDING = Pattern.compile("[1-9a-zA-Z][0-9a-zA-Z/-]{1,15}");

    private DocumentNumber() {
    }
}
