package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each project's own second of the hour: stable, and spread evenly over the hour whatever the names. */
class HourlySlotTest {

    @Test
    void theSlotIsTheFirstEightBytesOfTheNamesSha256ModuloAnHour() {
        // computed apart from this code, with Python's hashlib:
        // int.from_bytes(sha256(b"acme/demo-project").digest()[:8], "big", signed=True) % 3600 == 1739
        assertThat(HourlySlot.of("acme", "demo-project").secondOfHour()).isEqualTo(1739);
        assertThat(HourlySlot.of("acme", "demo-project").cron()).isEqualTo("59 28 * * * ?");
        assertThat(HourlySlot.of("acme", "demo-project")).hasToString("28:59");
        // the same project name in another team is another project: its own slot (2321 = 38:41)
        assertThat(HourlySlot.of("my-team", "demo-project").cron()).isEqualTo("41 38 * * * ?");
        // a new process, a restart: nothing but the names goes in
        assertThat(HourlySlot.of(" acme ", "demo-project")).isEqualTo(HourlySlot.of("acme", "demo-project"));
    }

    @Test
    void numberedProjectsAreSpreadOverTheWholeHourNotOnNeighbouringSeconds() {
        // String.hashCode would put project-1 ... project-9 on nine neighbouring seconds
        Set<Integer> minutes = new HashSet<>();
        IntStream.rangeClosed(1, 9)
                .forEach(i -> minutes.add(HourlySlot.of("acme", "project-" + i).minute()));
        assertThat(minutes).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void threeHundredProjectsFillEveryTenMinutesOfTheHourAboutEqually() {
        int[] perTenMinutes = new int[6];
        int[] perMinute = new int[60];
        for (int i = 1; i <= 300; i++) {
            HourlySlot slot = HourlySlot.of("acme", "project-" + i);
            perTenMinutes[slot.minute() / 10]++;
            perMinute[slot.minute()]++;
        }
        // 50 expected in each tenth; a uniform draw of 300 stays within 30 and 70 (4 standard deviations: 6.5)
        assertThat(IntStream.of(perTenMinutes).boxed())
                .allSatisfy(n -> assertThat(n).isBetween(30, 70));
        // at 11 calls a refresh, no minute asks for more than 12 x 11 = 132 of the 300 calls a minute at 5 calls/s
        assertThat(IntStream.of(perMinute).max().orElseThrow()).isLessThanOrEqualTo(12);
        assertThat(IntStream.of(perMinute).filter(n -> n == 0)).isEmpty();
    }

    @Test
    void aSecondOutsideTheHourIsRefused() {
        assertThatThrownBy(() -> new HourlySlot(3600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HourlySlot(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
