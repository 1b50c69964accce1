package dev.camelcoding.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A child process's CPU time per kind of thread (Linux: {@code /proc/PID/task/TID/stat}, user plus system, clock
 * ticks of 10 ms), the threads grouped by name with their numbers dropped ({@code vert.x-eventloop-thread-#}, {@code
 * C# CompilerThre}): where a window's CPU went, without a profiler (JFR samples only Java frames, not the kernel's
 * socket work nor the JIT compiler). Finer than {@link ThreadCpu}'s four kinds: it names the event loop, the acceptor and
 * the page's sampler apart. A thread that ends takes its time with it (the process's total in {@code /proc/PID/stat}
 * keeps it): a group of short-lived threads (a pool's workers) can show less, even negative, time in a window.
 */
final class ThreadGroupCpu {

    private ThreadGroupCpu() {}

    /** CPU milliseconds so far per thread group; empty where /proc is not there. */
    static Map<String, Double> of(long pid) {
        Map<String, Double> groups = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
                    groups.merge(name.replaceAll("[0-9]+", "#"), millis, Double::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while listed: its time left with it
                }
            }
        } catch (IOException | RuntimeException unavailable) {
            return Map.of();
        }
        return groups;
    }

    /** What each group spent between two readings (a group that appeared counts from zero). */
    static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> spent = new HashMap<>();
        after.forEach((group, millis) -> spent.put(group, millis - before.getOrDefault(group, 0.0)));
        return spent;
    }

    /**
     * Per group, the CPU a second over the {@code loaded} windows minus that over the {@code unloaded} ones (each a
     * window's spending per group, and the windows' total seconds), largest first: the groups that differ by at least
     * 1 ms a second.
     */
    static String difference(
            List<Map<String, Double>> loaded,
            double loadedSeconds,
            List<Map<String, Double>> unloaded,
            double unloadedSeconds) {
        Map<String, Double> with = perSecond(loaded, loadedSeconds);
        Map<String, Double> without = perSecond(unloaded, unloadedSeconds);
        Map<String, Double> difference = new TreeMap<>();
        with.forEach((group, rate) -> difference.put(group, rate - without.getOrDefault(group, 0.0)));
        without.forEach((group, rate) -> difference.putIfAbsent(group, -rate));
        return difference.entrySet().stream()
                .filter(e -> Math.abs(e.getValue()) >= 1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %+.0f ms", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Double> perSecond(List<Map<String, Double>> windows, double seconds) {
        Map<String, Double> sum = new HashMap<>();
        windows.forEach(w -> w.forEach((group, millis) -> sum.merge(group, millis, Double::sum)));
        sum.replaceAll((group, millis) -> millis / seconds);
        return sum;
    }
}
