package dev.camelcoding.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes a child JVM's threads have allocated on the heap, read from its extended thread dump
 * ({@code jcmd <pid> Thread.print -e}: each Java thread's {@code allocated=} figure, HotSpot's per-thread counter of
 * TLAB and outside-TLAB allocation since the thread started).
 *
 * <p>Why this figure: on a machine shared by several builds, wall time and CPU per issue move with the load (the same
 * code gave 345 and 536 µs per issue at two loads), but the bytes the pipeline allocates per issue do not: they are
 * what the code does, and what the collector must reclaim. Two readings, at the first row and at the last, give the
 * allocation over the same window as the CPU figures. A thread that ended between the readings is not counted (the
 * pipeline's threads, the HTTP client's and H2's live to the end); one that started in between counts from zero.
 *
 * <p>HotSpot prints the figure in the largest unit that keeps three digits ({@code 512K}, {@code 108M}, {@code 250G});
 * the truncation is under 1 % of each thread's figure.
 *
 * @param bytesByThread allocated bytes per thread, keyed by {@code name#nid} (names repeat; the native id does not)
 */
record ThreadAllocation(Map<String, Long> bytesByThread) {

    /** A thread's header line: its name in quotes, then fields among which {@code nid=} and {@code allocated=}. */
    private static final Pattern HEADER =
            Pattern.compile("^\"(.*)\" .*?allocated=(\\d+)([BKMG]) .*?nid=(0x[0-9a-f]+|\\d+)", Pattern.MULTILINE);

    /** The reading of the child {@code pid}; empty when jcmd cannot attach. */
    static ThreadAllocation of(long pid) {
        try {
            Process jcmd = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                    .toString(),
                            Long.toString(pid),
                            "Thread.print",
                            "-e")
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(60, TimeUnit.SECONDS);
            return parse(dump);
        } catch (Exception unavailable) {
            return new ThreadAllocation(Map.of());
        }
    }

    /** The figures of a thread dump's text. */
    static ThreadAllocation parse(String dump) {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Matcher header = HEADER.matcher(dump);
        while (header.find()) {
            long value = Long.parseLong(header.group(2));
            long unit = switch (header.group(3)) {
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                case "G" -> 1L << 30;
                default -> 1L;
            };
            bytes.put(header.group(1) + "#" + header.group(4), value * unit);
        }
        return new ThreadAllocation(bytes);
    }

    /** What was allocated since {@code earlier} (a reading of the same process), per thread. */
    ThreadAllocation minus(ThreadAllocation earlier) {
        Map<String, Long> since = new LinkedHashMap<>();
        bytesByThread.forEach((thread, bytes) ->
                since.put(thread, Math.max(0, bytes - earlier.bytesByThread.getOrDefault(thread, 0L))));
        return new ThreadAllocation(since);
    }

    long total() {
        return bytesByThread.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean known() {
        return !bytesByThread.isEmpty();
    }

    /** The bytes by thread name with its pool's number dropped ({@code Camel (camel-1) thread #3 - ...}). */
    Map<String, Long> byName() {
        Map<String, Long> byName = new HashMap<>();
        bytesByThread.forEach((thread, bytes) -> {
            String name = thread.substring(0, thread.lastIndexOf('#'));
            byName.merge(name.replaceAll("#\\d+", "#n").replaceAll("-\\d+$", "-n"), bytes, Long::sum);
        });
        return byName;
    }
}
