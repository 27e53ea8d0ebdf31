package dev.openirn.gst.onefinops;

import java.time.LocalDate;

/** Batch of a line's goods. */
public record Batch(
        String name,
        LocalDate expiryDate,
        LocalDate warrantyDate) {
}
