package dev.openirn.server.console;

import dev.openirn.server.support.IndianAmounts;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/** Formatting for the console's templates ({@code ${@consoleFormat.amount(x)}}): Indian grouping, Indian time. */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final ZoneId INDIA = ZoneId.of("Asia/Kolkata");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'IST'").withZone(INDIA);

    /** ₹ 1,23,45,678.50 */
    public String amount(BigDecimal value) {
        return value == null ? "" : "₹ " + IndianAmounts.grouped(value);
    }

    /** 12,34,567 */
    public String count(long value) {
        return grouped(value);
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** 3 h 12 min, 45 s */
    public String age(Duration duration) {
        if (duration == null) {
            return "none";
        }
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    private static String grouped(long value) {
        String plain = IndianAmounts.grouped(BigDecimal.valueOf(value));
        return plain.endsWith(".00") ? plain.substring(0, plain.length() - 3) : plain;
    }
}
