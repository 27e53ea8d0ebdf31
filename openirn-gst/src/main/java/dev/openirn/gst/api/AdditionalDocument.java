package dev.openirn.gst.api;

/** A supporting document: URL, Base64 content or information. */
public record AdditionalDocument(
        String url,
        String document,
        String information) {
}
