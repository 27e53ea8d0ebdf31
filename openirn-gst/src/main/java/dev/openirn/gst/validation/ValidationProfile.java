package dev.openirn.gst.validation;

/**
 * How strictly to apply NIC's rules. {@link #LENIENT} reports exactly two rule families as
 * warnings instead of errors: the GSTIN check character and the choice of tax head (IGST vs
 * CGST+SGST) by place of supply. Everything else is an error in both profiles (the OneFinOps quickstart needs exactly these two relaxed).
 */
public enum ValidationProfile {
    STRICT,
    LENIENT
}
