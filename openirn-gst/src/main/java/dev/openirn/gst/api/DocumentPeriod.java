package dev.openirn.gst.api;

import java.time.LocalDate;

/** The period an invoice covers. */
public record DocumentPeriod(
        LocalDate startDate,
        LocalDate endDate) {
}
