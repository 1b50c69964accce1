package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The seed's schedule: below 10,000 models every hour (at the project's own minute and second unless a cron is set),
 * from 10,000 on daily at the set time, or off.
 */
class RefreshScheduleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final RefreshSchedule schedule =
            new RefreshSchedule(true, 10_000, LocalTime.of(2, 0), SHANGHAI, "0 0 * * * ?");
    /** The injected clock: 2026-12-02 10:17:30 in Shanghai. */
    private final Instant now =
            ZonedDateTime.of(2026, 12, 2, 10, 17, 30, 0, SHANGHAI).toInstant();

    @Test
    void nineThousandNineHundredNinetyNineModelsAreRefreshedAtTheNextFullHourOfAUserCron() {
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
        RefreshSchedule utc = new RefreshSchedule(true, 10_000, LocalTime.of(23, 30), ZoneId.of("UTC"), "0 0 * * * ?");
        assertThat(utc.next(10_000, Instant.parse("2026-12-02T23:31:00Z")))
                .contains(Instant.parse("2026-12-03T23:30:00Z"));
        assertThat(utc.cron(10_000)).contains("0 30 23 * * ?");
    }

    @Test
    void switchedOffThereIsNoSchedule() {
        RefreshSchedule off = new RefreshSchedule(false, 10_000, LocalTime.of(2, 0), SHANGHAI, "0 0 * * * ?");
        assertThat(off.cron(5)).isEmpty();
        assertThat(off.next(5, now)).isEmpty();
    }

    @Test
    void withoutACronEachProjectIsRefreshedAtItsOwnMinuteAndSecondOfTheHour() {
        RefreshSchedule demo = new RefreshSchedule(
                true, 10_000, LocalTime.of(2, 0), SHANGHAI, RefreshSchedule.hourlyCron("", "acme", "demo-project"));
        RefreshSchedule other = new RefreshSchedule(
                true,
                10_000,
                LocalTime.of(2, 0),
                SHANGHAI,
                RefreshSchedule.hourlyCron(null, "my-team", "demo-project"));
        // acme/demo-project's slot is 28:59 (HourlySlotTest): from 10:17:30 the next is 10:28:59, then every hour
        assertThat(demo.next(5, now))
                .contains(ZonedDateTime.of(2026, 12, 2, 10, 28, 59, 0, SHANGHAI).toInstant());
        Instant after = ZonedDateTime.of(2026, 12, 2, 10, 28, 59, 0, SHANGHAI).toInstant();
        assertThat(demo.next(5, after))
                .contains(ZonedDateTime.of(2026, 12, 2, 11, 28, 59, 0, SHANGHAI).toInstant());
        // my-team/demo-project: 38:41
        assertThat(other.next(5, now))
                .contains(ZonedDateTime.of(2026, 12, 2, 10, 38, 41, 0, SHANGHAI).toInstant());
        // the daily refresh stays at the user's time
        assertThat(demo.cron(10_000)).contains("0 0 2 * * ?");
    }

    @Test
    void aUserCronIsUsedAsWritten() {
        assertThat(RefreshSchedule.hourlyCron(" 0 0 * * * ? ", "acme", "demo-project"))
                .isEqualTo("0 0 * * * ?");
        assertThat(RefreshSchedule.hourlyCron("0 0/30 * * * ?", "acme", "demo-project"))
                .isEqualTo("0 0/30 * * * ?");
        RefreshSchedule everyHalfHour =
                new RefreshSchedule(true, 10_000, LocalTime.of(2, 0), SHANGHAI, "0 0/30 * * * ?");
        assertThat(everyHalfHour.next(5, now))
                .contains(ZonedDateTime.of(2026, 12, 2, 10, 30, 0, 0, SHANGHAI).toInstant());
    }

    @Test
    void aCronThatIsNotQuartzsIsRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> RefreshSchedule.hourlyCron("every hour", "acme", "demo-project"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schemaRefreshCron must be a Quartz cron expression")
                .hasMessageContaining("'every hour'");
    }
}
