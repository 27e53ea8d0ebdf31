package dev.openirn.gst.onefinops;

import java.time.LocalDate;

/** The period an invoice covers. */
public record DocumentPeriod(
        LocalDate startDate,
        LocalDate endDate) {
}
