package dev.openirn.gst.api;

/** The address goods are dispatched from, when it differs from the seller's. */
public record DispatchFrom(
        String name,
        String address1,
        String address2,
        String location,
        String pinCode,
        String stateCode) {
}
