package dev.openirn.gst.validation;

/**
 * One broken rule.
 *
 * @param path    NIC field path, e.g. {@code ItemList[0].IgstAmt}
 * @param code    our stable dotted code, e.g. {@code tax.igst_on_intra_state}
 * @param message human-readable text (NIC's own wording where NIC has the rule)
 * @param nicCode the IRP error code for the same rule, e.g. {@code 2172}; null when NIC has none
 */
public record Violation(String path, String code, String message, String nicCode) {
}
