package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** The seed's schedule: below 10,000 models every hour, from 10,000 on daily at the set time, or off. */
class RefreshScheduleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final RefreshSchedule schedule = new RefreshSchedule(true, 10_000, LocalTime.of(2, 0), SHANGHAI);
    /** The injected clock: 2026-12-02 10:17:30 in Shanghai. */
    private final Instant now =
            ZonedDateTime.of(2026, 12, 2, 10, 17, 30, 0, SHANGHAI).toInstant();

    @Test
    void nineThousandNineHundredNinetyNineModelsAreRefreshedAtTheNextFullHour() {
        assertThat(schedule.daily(9_999)).isFalse();
        assertThat(schedule.next(9_999, now))
                .contains(ZonedDateTime.of(2026, 12, 2, 11, 0, 0, 0, SHANGHAI).toInstant());
    }

    @Test
    void tenThousandModelsAreRefreshedDailyAtTwoInTheConfiguredZone() {
        assertThat(schedule.daily(10_000)).isTrue();
        assertThat(schedule.next(10_000, now))
                .contains(ZonedDateTime.of(2026, 12, 3, 2, 0, 0, 0, SHANGHAI).toInstant());
        Instant oneAm = ZonedDateTime.of(2026, 12, 2, 1, 0, 0, 0, SHANGHAI).toInstant();
        assertThat(schedule.next(10_000, oneAm))
                .contains(ZonedDateTime.of(2026, 12, 2, 2, 0, 0, 0, SHANGHAI).toInstant());
    }

    @Test
    void theDailyTimeAndZoneAreTheUsers() {
        RefreshSchedule utc = new RefreshSchedule(true, 10_000, LocalTime.of(23, 30), ZoneId.of("UTC"));
        assertThat(utc.next(10_000, Instant.parse("2026-12-02T23:31:00Z")))
                .contains(Instant.parse("2026-12-03T23:30:00Z"));
        assertThat(utc.cron(10_000)).contains("0 30 23 * * ?");
    }

    @Test
    void switchedOffThereIsNoSchedule() {
        RefreshSchedule off = new RefreshSchedule(false, 10_000, LocalTime.of(2, 0), SHANGHAI);
        assertThat(off.cron(5)).isEmpty();
        assertThat(off.next(5, now)).isEmpty();
    }
}
