package dev.camelcoding.component;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a thread is now, on one line: for the WARN a stop logs when it has waited long for a poll or a reader's
 * switch that does not end, so that the log of a stop that hangs says what it waits for (a thread dump is rarely at
 * hand when a service manager's stop times out).
 */
public final class ThreadWhere {

    /** Frames shown: enough to reach our own code from a JDBC or HTTP call it is blocked in. */
    static final int FRAMES = 14;

    private ThreadWhere() {}

    /** {@code thread}'s name, state and innermost frames, innermost first; "none" for no thread. */
    public static String of(Thread thread) {
        if (thread == null) {
            return "none";
        }
        StackTraceElement[] frames = thread.getStackTrace();
        return thread.getName() + " (" + thread.getState() + ") at "
                + Arrays.stream(frames)
                        .limit(FRAMES)
                        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                                + f.getMethodName() + ":" + f.getLineNumber())
                        .collect(Collectors.joining(" < "))
                + (frames.length > FRAMES ? " < ..." : "");
    }
}
