package dev.openirn.gst;

import java.util.Locale;

/**
 * The Invoice Reference Number: NIC's hash of the document's natural key. The only place the
 * formula lives; the sandbox (which issues IRNs) and the gateway (which predicts them to resolve
 * unknown outcomes) both call it.
 */
public final class Irn {

    private Irn() {
    }

    /**
     * SHA-256 over sellerGstin + financialYear + documentType + upper(documentNumber), as lowercase
     * hex. Document numbers are case-insensitive at the IRP since 1 June 2025 (GSTN advisory).
     */
    public static String compute(String sellerGstin, String financialYear, String documentType, String documentNumber) {
        String input = sellerGstin + financialYear + documentType + documentNumber.toUpperCase(Locale.ROOT);
        return Sha256.hex(input);
    }

    /** True when the text has the shape of an IRN: 64 lowercase hex characters. */
    public static boolean isWellFormed(String irn) {
        return irn != null && irn.matches("[0-9a-f]{64}");
    }
}
