package dev.camelcoding.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a child JVM has used, by kind of thread, read from Linux's {@code /proc/<pid>/task/<tid>/stat}
 * (utime + stime of each live thread, in clock ticks of 10 ms). A short benchmark run of a fresh JVM spends much of
 * its CPU compiling (C1/C2) and collecting garbage; on a 2-core machine that CPU is taken from the pipeline, so the
 * benchmark prints it next to the rates. Threads that ended before the reading are not counted (the pipeline's
 * threads and the JVM's own live to the end). Empty where {@code /proc} is not there.
 */
record ThreadCpu(Map<String, Double> secondsByKind) {

    /** Linux's USER_HZ: utime and stime are in hundredths of a second. */
    private static final double TICKS_PER_SECOND = 100;

    static ThreadCpu of(long pid) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        for (String kind : new String[] {"pipeline", "jit", "gc", "other"}) {
            byKind.put(kind, 0d);
        }
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(Map.of());
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = Files.readString(thread.resolve("comm")).trim();
                    // the fields after the command, which is in parentheses and may itself contain spaces
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    byKind.merge(kind(name), seconds, Double::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // a thread that ended between the listing and the reading
                }
            });
        } catch (IOException unreadable) {
            return new ThreadCpu(Map.of());
        }
        return new ThreadCpu(byKind);
    }

    /** Camel's threads (the reader and the log consumer) are the pipeline; the JVM's own are named by HotSpot. */
    private static String kind(String name) {
        if (name.startsWith("Camel")) {
            return "pipeline";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc";
        }
        return "other";
    }

    /** The CPU used since {@code earlier} (a reading of the same process), by kind. */
    ThreadCpu minus(ThreadCpu earlier) {
        if (earlier == null || !known() || !earlier.known()) {
            return this;
        }
        Map<String, Double> since = new LinkedHashMap<>();
        secondsByKind.forEach((kind, seconds) -> since.put(kind, Math.max(0, seconds - earlier.seconds(kind))));
        return new ThreadCpu(since);
    }

    double total() {
        return secondsByKind.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double seconds(String kind) {
        return secondsByKind.getOrDefault(kind, 0d);
    }

    boolean known() {
        return !secondsByKind.isEmpty();
    }
}
