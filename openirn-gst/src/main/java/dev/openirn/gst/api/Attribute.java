package dev.openirn.gst.api;

/** A free-form name/value attribute of a line. */
public record Attribute(
        String name,
        String value) {
}
