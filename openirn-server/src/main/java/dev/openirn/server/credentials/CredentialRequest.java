package dev.openirn.server.credentials;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of an upsert or a connection test. The IRN API names the GSTIN {@code sellerGstin}, the EWB
 * API {@code gstin}; both are accepted and the portal's own name wins. Unknown fields are
 * reported as warnings (or refused, with {@code openirn.api.unknown-fields=reject}).
 */
public record CredentialRequest(
        @Schema(description = "The GSTIN (the irn portal's name for it).") String sellerGstin,
        @Schema(description = "The GSTIN or TRANSIN (the ewb portal's name for it).") String gstin,
        @Schema(description = "The portal API user name.") String userName,
        @Schema(description = "The portal API password; required on create, omit on update to keep the stored one.")
        String password,
        @Schema(description = "Free notes.") String notes) {

    String gstinFor(Portal portal) {
        String value = portal == Portal.IRN ? (sellerGstin != null ? sellerGstin : gstin)
                : (gstin != null ? gstin : sellerGstin);
        return value == null ? null : value.strip().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "CredentialRequest[sellerGstin=" + sellerGstin + ", gstin=" + gstin + ", userName=" + userName
                + ", password=" + (password == null ? "absent" : "***") + "]";
    }
}
