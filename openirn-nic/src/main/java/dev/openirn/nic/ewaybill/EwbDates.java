package dev.openirn.nic.ewaybill;

import dev.openirn.gst.nic.NicTimestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The e-way bill system's date forms: {@code dd/MM/yyyy} in requests, {@code dd/MM/yyyy hh:mm:ss a} (IST, 12-hour)
 * in answers. Parsing is lenient about NIC's known sloppiness (24-hour hours with a marker, missing seconds,
 * stray spaces); formatting always emits the clean form.
 */
public final class EwbDates {

    public static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("dd/MM/uuuu hh:mm:ss a").toFormatter(Locale.ENGLISH);

    private EwbDates() {
    }

    public static String format(Instant instant) {
        return TIMESTAMP.format(instant.atZone(NicTimestamps.IST));
    }

    public static String formatDate(LocalDate date) {
        return DATE.format(date);
    }

    public static LocalDate parseDate(String text) {
        return LocalDate.parse(text.trim(), DATE);
    }

    /** An answer's timestamp as an instant; null for null or blank. */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String clean = text.trim().replaceAll("\\s+", " ").replace('.', ':').toUpperCase(Locale.ROOT);
        if (clean.matches("\\d{2}/\\d{2}/\\d{4}\\d.*")) {
            clean = clean.substring(0, 10) + " " + clean.substring(10);
        }
        String[] parts = clean.split(" ");
        if (parts.length < 2) {
            throw new DateTimeParseException("not an e-way bill timestamp", text, 0);
        }
        LocalDate date = parseDate(parts[0]);
        String[] time = parts[1].split(":");
        int hour = Integer.parseInt(time[0]);
        int minute = time.length > 1 ? Integer.parseInt(time[1]) : 0;
        int second = time.length > 2 ? Integer.parseInt(time[2]) : 0;
        boolean pm = parts.length > 2 && parts[2].startsWith("P");
        boolean am = parts.length > 2 && parts[2].startsWith("A");
        if (hour < 12 && pm) {
            hour += 12;
        } else if (hour == 12 && am) {
            hour = 0;
        }
        return LocalDateTime.of(date, java.time.LocalTime.of(hour, minute, second)).atZone(NicTimestamps.IST).toInstant();
    }
}
