package dev.camelcoding.app;

import java.time.Duration;

/** Durations as a person reads them: the two largest units, {@code 3 h 12 min}, {@code 2 min 5 s}, {@code 45 s}. */
final class Durations {

    private Durations() {}

    static String readable(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        if (minutes > 0) {
            return minutes + " min" + (secs > 0 ? " " + secs + " s" : "");
        }
        return secs + " s";
    }

    static String readableSeconds(double seconds) {
        return readable(Duration.ofSeconds((long) Math.ceil(seconds)));
    }
}
