package dev.openirn.gst.onefinops;

/** A supporting document: URL, Base64 content or information. */
public record AdditionalDocument(
        String url,
        String document,
        String information) {
}
