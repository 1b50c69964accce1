package dev.camelcoding.component.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A project's own second of the hour for its hourly schema refresh. Every project refreshing at minute 0 made a
 * "top-of-hour storm" for a team on one credential (50 projects: 550 calls queued at once, the limiter full for two
 * minutes); each project at its own second spreads them over the hour.
 *
 * <p>The second is the first 8 bytes of SHA-256("team/project") modulo 3600: the same in every process and after
 * every restart (no state, no knowledge of the other projects, so a project added or removed moves no other one), and
 * uniform over the hour whatever the names look like ({@code String.hashCode} would put {@code app-1} ... {@code
 * app-9} on 9 neighbouring seconds).
 *
 * @param secondOfHour 0 to 3599
 */
public record HourlySlot(int secondOfHour) {

    public static final int SECONDS_AN_HOUR = 3600;

    public HourlySlot {
        if (secondOfHour < 0 || secondOfHour >= SECONDS_AN_HOUR) {
            throw new IllegalArgumentException("a second of the hour is 0 to 3599, got " + secondOfHour);
        }
    }

    /** The slot of {@code project} in {@code team} (a null or blank team counts as the empty name). */
    public static HourlySlot of(String team, String project) {
        String key = (team == null ? "" : team.trim()) + "/" + (project == null ? "" : project.trim());
        byte[] digest = sha256(key.getBytes(StandardCharsets.UTF_8));
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return new HourlySlot((int) Math.floorMod(value, (long) SECONDS_AN_HOUR));
    }

    public int minute() {
        return secondOfHour / 60;
    }

    public int second() {
        return secondOfHour % 60;
    }

    /** The Quartz cron expression of this slot every hour: {@code "<second> <minute> * * * ?"}. */
    public String cron() {
        return second() + " " + minute() + " * * * ?";
    }

    /** The offset from the top of the hour, for messages: {@code "mm:ss"}. */
    @Override
    public String toString() {
        return String.format("%02d:%02d", minute(), second());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
