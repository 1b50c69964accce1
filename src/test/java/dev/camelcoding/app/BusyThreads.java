package dev.camelcoding.app;

import java.util.ArrayList;
import java.util.List;

/**
 * The threads of a {@code jcmd <pid> Thread.print} that are doing something: a hung stop's cause, without the dozens
 * of idle pool workers, selectors and JVM service threads that make a whole dump too long for a CI log's excerpt.
 */
final class BusyThreads {

    /** Frames that mean a thread is parked waiting for work, not waiting inside some work. */
    private static final List<String> IDLE = List.of(
            "ThreadPoolExecutor.getTask",
            "ForkJoinPool.awaitWork",
            "QueuedThreadPool",
            "ReservedThreadExecutor",
            "ManagedSelector",
            "SelectorManager.run",
            "EPoll.wait",
            "ProcessHandleImpl",
            "Reference.waitForReferencePendingList",
            "Finalizer$FinalizerThread.run",
            "CleanerImpl.run",
            "java.util.TimerThread.mainLoop");

    private static final int FRAMES = 14;

    private BusyThreads() {}

    /** Each busy thread of {@code dump}: its header line, state and innermost frames. */
    static String of(String dump) {
        List<String> kept = new ArrayList<>();
        for (String block : dump.split("\\R\\s*\\R")) {
            List<String> lines = block.lines().toList();
            if (lines.isEmpty() || !lines.get(0).startsWith("\"")) {
                continue;
            }
            List<String> frames =
                    lines.stream().filter(l -> l.strip().startsWith("at ")).toList();
            if (frames.isEmpty() || frames.stream().anyMatch(f -> IDLE.stream().anyMatch(f::contains))) {
                continue;
            }
            List<String> shown = new ArrayList<>();
            shown.add(lines.get(0).replaceAll(" tid=.*", ""));
            lines.stream().filter(l -> l.contains("Thread.State")).findFirst().ifPresent(shown::add);
            lines.stream()
                    .filter(l -> l.strip().startsWith("at ") || l.strip().startsWith("- "))
                    .limit(FRAMES)
                    .forEach(shown::add);
            kept.add(String.join("\n", shown));
        }
        return kept.isEmpty() ? "(no busy thread)" : String.join("\n\n", kept);
    }
}
