package dev.camelcoding.component.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Rejection warnings, at most one line per reason per window: the first rejection of a reason is logged at once,
 * later ones in the same window are counted and summed up in one line when the window has passed (on the next
 * rejection of that reason, or on {@link #flush}). A scanner sending thousands of bad requests costs a few lines.
 */
final class RejectionLog {

    private static final class Window {
        long startedAt;
        long suppressed;
        String latest;
    }

    private final Logger log;
    private final String where;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new HashMap<>();

    /** @param where the listener, as it may appear in a log line (the masked path) */
    RejectionLog(Logger log, String where, long windowMillis, LongSupplier clock) {
        this.log = log;
        this.where = where;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    synchronized void rejected(String reason, int status, String message) {
        long now = clock.getAsLong();
        Window window = windows.get(reason);
        if (window != null && now - window.startedAt < windowMillis) {
            window.suppressed++;
            window.latest = message;
            return;
        }
        if (window != null && window.suppressed > 0) {
            summarise(reason, window);
        }
        window = new Window();
        window.startedAt = now;
        windows.put(reason, window);
        log.warn("Rejected a delivery on {} with HTTP {} ({}): {}", where, status, reason, message);
    }

    /** Logs the counts still pending (when the listener stops). */
    synchronized void flush() {
        windows.forEach((reason, window) -> {
            if (window.suppressed > 0) {
                summarise(reason, window);
            }
        });
        windows.clear();
    }

    private void summarise(String reason, Window window) {
        log.warn(
                "Rejected {} more deliveries on {} ({}) within {} s of the first; latest: {}",
                window.suppressed,
                where,
                reason,
                windowMillis / 1000,
                window.latest);
    }
}
