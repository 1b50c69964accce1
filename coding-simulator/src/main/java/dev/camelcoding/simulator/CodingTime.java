package dev.camelcoding.simulator;

import dev.camelcoding.protocol.CodingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * CODING's notion of time.
 *
 * <p>CODING is a Chinese service: dates given as strings in requests ({@code "2024-05-01"}, {@code "2024-05-01 12:00:00"})
 * and the day boundaries of condition ranges are interpreted in China Standard Time ({@link CodingCalendar#ZONE}, an
 * assumption the component shares).
 * Responses carry epoch milliseconds. An unset iteration start/end is {@code -28800000}, which is 1970-01-01 00:00 in
 * UTC+8 (a zero local date converted back to epoch millis); an unset issue date is plain {@code 0}.
 */
final class CodingTime {

    static final ZoneId ZONE = CodingCalendar.ZONE;
    /** Unset iteration StartAt/EndAt: 1970-01-01T00:00+08:00. */
    static final long UNSET_ITERATION_DATE = -28_800_000L;

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CodingTime() {}

    static long startOfDay(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    /** End of a day the way CODING stores due dates: 23:59:59.000 local time. */
    static long endOfDay(LocalDate day) {
        return startOfDay(day.plusDays(1)) - 1000L;
    }

    static LocalDate localDate(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZONE).toLocalDate();
    }

    static String formatDateTime(long epochMillis) {
        return DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZONE));
    }

    static String formatDate(long epochMillis) {
        return DATE.format(Instant.ofEpochMilli(epochMillis).atZone(ZONE));
    }

    /**
     * Parses a closed range condition value: {@code "2024-05-01_2024-05-31"} (whole days, UTC+8),
     * {@code "2024-05-01 08:00:00_2024-05-01 18:00:00"} (to the second), either side may be empty (unbounded), and a
     * single value without {@code _} means that one day (or second).
     *
     * @return {@code {fromInclusive, toInclusive}} in epoch millis
     */
    static long[] parseRange(String value) {
        String v = value.trim();
        int sep = v.indexOf('_');
        String from = sep < 0 ? v : v.substring(0, sep).trim();
        String to = sep < 0 ? v : v.substring(sep + 1).trim();
        long lo = from.isEmpty() ? Long.MIN_VALUE : parseBound(from, false);
        long hi = to.isEmpty() ? Long.MAX_VALUE : parseBound(to, true);
        return new long[] {lo, hi};
    }

    private static long parseBound(String text, boolean upper) {
        try {
            if (text.length() > 10) {
                LocalDateTime t = LocalDateTime.parse(text, DATE_TIME);
                long ms = t.atZone(ZONE).toInstant().toEpochMilli();
                return upper ? ms + 999 : ms;
            }
            LocalDate d = LocalDate.parse(text, DATE);
            return upper ? startOfDay(d.plusDays(1)) - 1 : startOfDay(d);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date (yyyy-MM-dd) or datetime (yyyy-MM-dd HH:mm:ss): " + text);
        }
    }

    static long parseDate(String text) {
        try {
            return startOfDay(LocalDate.parse(text.trim(), DATE));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a date (yyyy-MM-dd): " + text);
        }
    }
}
