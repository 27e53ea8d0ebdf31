package dev.openirn.server.credentials;

/**
 * The body of an upsert or a connection test. The IRN API names the GSTIN {@code sellerGstin}, the EWB
 * API {@code gstin}; both are accepted and the portal's own name wins. Unknown fields are
 * reported as warnings (or refused, with {@code openirn.api.unknown-fields=reject}).
 */
public record CredentialRequest(String sellerGstin, String gstin, String userName, String password, String notes) {

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
