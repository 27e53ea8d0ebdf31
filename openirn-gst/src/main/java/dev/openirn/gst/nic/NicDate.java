package dev.openirn.gst.nic;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;

/** Dates inside NIC invoice JSON: {@code dd/MM/yyyy} strings. */
public final class NicDate {

    /** Strict resolver so that {@code 31/02/2026} is rejected instead of rolled to March. */
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private NicDate() {
    }

    /** @throws DateTimeParseException when the text is not a real {@code dd/MM/yyyy} date */
    public static LocalDate parse(String text) {
        return LocalDate.parse(text, FORMAT);
    }

    public static Optional<LocalDate> tryParse(String text) {
        if (text == null || text.length() != 10) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String format(LocalDate date) {
        return date.format(FORMAT);
    }
}
