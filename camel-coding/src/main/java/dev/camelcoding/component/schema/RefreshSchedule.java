package dev.camelcoding.component.schema;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The seed's "Model Load Time": with fewer than {@code threshold} models the schema is refreshed every hour (on
 * {@code hourlyCron}: by default at the project's own minute and second of the hour, {@link #hourlyCron(String,
 * String, String)}), with {@code threshold} or more once a day at {@code dailyTime} in {@code zone}; or never, when
 * switched off. Expressed as Quartz cron expressions, which Camel Quartz runs.
 *
 * @param enabled    false: no scheduled refresh (the catalog is read once, on start)
 * @param threshold  the model count from which the refresh becomes daily (the seed's 10,000)
 * @param dailyTime  the time of the daily refresh (default 02:00)
 * @param zone       the zone of {@code dailyTime} and of the cron expressions
 * @param hourlyCron the Quartz cron of the refresh below {@code threshold} models
 */
public record RefreshSchedule(boolean enabled, long threshold, LocalTime dailyTime, ZoneId zone, String hourlyCron) {

    public static final long DEFAULT_THRESHOLD = 10_000;

    public RefreshSchedule {
        Objects.requireNonNull(dailyTime, "dailyTime");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hourlyCron, "hourlyCron");
        if (threshold < 1) {
            throw new IllegalArgumentException("the model threshold must be 1 or more, got " + threshold);
        }
        parseCron(hourlyCron);
    }

    /**
     * The hourly refresh's cron: the user's {@code cron} as written when one is set; when it is blank (the default),
     * the project's own second of the hour ({@link HourlySlot}), so that a team's projects do not all refresh at
     * minute 0 on one credential.
     */
    public static String hourlyCron(String cron, String team, String project) {
        return cron == null || cron.isBlank() ? HourlySlot.of(team, project).cron() : validCron(cron);
    }

    private static String validCron(String cron) {
        parseCron(cron);
        return cron.trim();
    }

    /** Whether {@code models} models are refreshed daily (else hourly). */
    public boolean daily(long models) {
        return models >= threshold;
    }

    /** The Quartz cron expression for a catalog of {@code models} models; empty when switched off. */
    public Optional<String> cron(long models) {
        if (!enabled) {
            return Optional.empty();
        }
        if (daily(models)) {
            return Optional.of("0 " + dailyTime.getMinute() + " " + dailyTime.getHour() + " * * ?");
        }
        return Optional.of(hourlyCron);
    }

    /** When the next refresh after {@code now} runs for {@code models} models; empty when switched off. */
    public Optional<Instant> next(long models, Instant now) {
        return cron(models).map(expression -> {
            try {
                CronExpression cron = new CronExpression(expression);
                cron.setTimeZone(TimeZone.getTimeZone(zone));
                Date next = cron.getNextValidTimeAfter(Date.from(now));
                return next.toInstant();
            } catch (ParseException impossible) {
                throw new IllegalStateException("bad cron " + expression, impossible);
            }
        });
    }

    /** A Quartz cron expression, with a message that says what is wrong. */
    private static CronExpression parseCron(String text) {
        try {
            return new CronExpression(text.trim());
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "schemaRefreshCron must be a Quartz cron expression (second minute hour day-of-month month"
                            + " day-of-week), e.g. '0 15 * * * ?', got '" + text + "': " + e.getMessage(),
                    e);
        }
    }

    /** "HH:mm" as the daily time, with a message that says what is wrong. */
    public static LocalTime parseDailyTime(String text) {
        try {
            return LocalTime.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "schemaRefreshTime must be a time of day as HH:mm (e.g. 02:00), got '" + text + "'", e);
        }
    }

    public static ZoneId parseZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "schemaTimeZone must be a time zone id (e.g. Asia/Shanghai), got '" + text + "'", e);
        }
    }
}
