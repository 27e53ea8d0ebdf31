package dev.openirn.gst.nic;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** NIC timestamps ({@code AckDt}, {@code CancelDate}, {@code TokenExpiry}): {@code yyyy-MM-dd HH:mm:ss}, IST, no zone suffix. */
public final class NicTimestamps {

    /** IST has had no DST since 1945, so a fixed offset avoids depending on the tz database. */
    public static final ZoneOffset IST = ZoneOffset.ofHoursMinutes(5, 30);

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private NicTimestamps() {
    }

    /** @throws DateTimeParseException when the text is not in NIC's format */
    public static Instant parse(String text) {
        return LocalDateTime.parse(text.trim(), FORMAT).toInstant(IST);
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.atOffset(IST));
    }
}
