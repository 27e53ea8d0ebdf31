package dev.openirn.gst.api;

import java.time.LocalDate;

/** Batch of a line's goods. */
public record Batch(
        String name,
        LocalDate expiryDate,
        LocalDate warrantyDate) {
}
