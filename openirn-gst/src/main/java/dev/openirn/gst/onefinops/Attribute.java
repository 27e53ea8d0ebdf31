package dev.openirn.gst.onefinops;

/** A free-form name/value attribute of a line. */
public record Attribute(
        String name,
        String value) {
}
