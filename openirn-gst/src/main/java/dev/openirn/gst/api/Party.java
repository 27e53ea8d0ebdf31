package dev.openirn.gst.api;

/** Seller, buyer or ship-to party. {@code pinCode} is a string on the OneFinOps wire. */
public record Party(
        String gstin,
        String legalName,
        String tradeName,
        String address1,
        String address2,
        String location,
        String pinCode,
        String stateCode,
        String phone,
        String email) {
}
