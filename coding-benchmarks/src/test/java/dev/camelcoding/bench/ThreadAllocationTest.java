package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's allocation figure: read from a real JVM's extended thread dump, it must show what a thread is known
 * to have allocated (an independent fact: the arrays this test makes), and the dump's units must be read as HotSpot
 * prints them.
 */
class ThreadAllocationTest {

    @Test
    void aLiveThreadsAllocationBetweenReadingsIsCounted() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadAllocation before = ThreadAllocation.of(pid);
        long made = 0;
        for (int i = 0; i < 64; i++) {
            made += new byte[1 << 20].length;
        }
        ThreadAllocation since = ThreadAllocation.of(pid).minus(before);
        long mine = since.bytesByThread().entrySet().stream()
                .filter(t -> t.getKey().startsWith(Thread.currentThread().getName() + "#"))
                .mapToLong(java.util.Map.Entry::getValue)
                .sum();
        assertThat(made).isEqualTo(64L << 20);
        // at least the arrays (the figure is truncated to 3 digits of its unit: 1 % at most), and not wildly more
        assertThat(mine).isBetween((long) (made * 0.99), made + (16L << 20));
    }

    @Test
    void theDumpsUnitsAndBothNativeIdFormsAreRead() {
        String dump = String.join(
                "\n",
                "\"main\" #1 prio=5 os_prio=0 cpu=664.24ms elapsed=4.30s allocated=108M defined_classes=1475"
                        + " tid=0x00007fa86c018020 nid=0x45b5 waiting on condition  [0x00007fa8741fe000]",
                "   java.lang.Thread.State: TIMED_WAITING (sleeping)",
                "",
                "\"Camel (camel-1) thread #3 - coding://issues\" #40 daemon prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s"
                        + " allocated=250G defined_classes=0 tid=0x00007fa86c0f6e80 nid=0x45bd runnable",
                "\"Signal Dispatcher\" #4 daemon prio=9 os_prio=0 cpu=1.20ms elapsed=4.22s allocated=528B"
                        + " defined_classes=0 tid=0x00007fa86c0ffed0 nid=17 waiting on condition",
                "\"Finalizer\" #3 daemon prio=8 os_prio=0 cpu=0.48ms elapsed=4.23s allocated=512K defined_classes=0"
                        + " tid=0x00007fa86c0f8260 nid=0x45be in Object.wait()");
        ThreadAllocation reading = ThreadAllocation.parse(dump);
        assertThat(reading.bytesByThread())
                .containsEntry("main#0x45b5", 108L << 20)
                .containsEntry("Camel (camel-1) thread #3 - coding://issues#0x45bd", 250L << 30)
                .containsEntry("Signal Dispatcher#17", 528L)
                .containsEntry("Finalizer#0x45be", 512L << 10)
                .hasSize(4);
        assertThat(reading.byName()).containsKey("Camel (camel-1) thread #n - coding://issues");
    }
}
