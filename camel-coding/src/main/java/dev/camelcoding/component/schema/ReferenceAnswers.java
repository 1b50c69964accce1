package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * CODING's latest answers to the reference calls of each project (its issue types, and per type its fields and
 * statuses), with the time each was read: the schema ({@link SchemaDiscovery}) and the reference tables (issueTypes,
 * issueFields, issueStatuses) make the same calls, so whichever reads first calls CODING and the other reuses the
 * answer while it is younger than the reader's own freshness window (a table: its poll delay, so it never shows rows
 * older than it would have read itself). A reader never takes its own previous answer for a fresh one (it asks again
 * because it wants a newer one), and a call already under way is joined rather than made twice.
 *
 * <p>Owned by one component (no JVM-global state: every endpoint owns its connection); thread-safe; bounded to the
 * latest {@link #MAX_PROJECTS} projects asked about.
 */
public final class ReferenceAnswers {

    /** Projects kept: a team sync's projects; beyond it, the least recently asked about is forgotten. */
    public static final int MAX_PROJECTS = 2_000;

    private final LongSupplier clock;
    /** project → call → its latest answer; guarded by {@code this} */
    private final Map<String, Map<String, Answer>> projects = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Answer>> eldest) {
            return size() > MAX_PROJECTS;
        }
    };
    /** readers waiting for another reader's call to end; guarded by {@code this} */
    private int waitingReaders;

    /** @param clock epoch milliseconds (the simulated clock in the benchmark) */
    public ReferenceAnswers(LongSupplier clock) {
        this.clock = clock;
    }

    /** A holder for one reader alone (a one-off schema read): nothing is reused across readings. */
    public static ReferenceAnswers unshared() {
        return new ReferenceAnswers(System::currentTimeMillis);
    }

    /** One call's answer: read at {@code readAt} (when the call started: CODING's state no older than that). */
    private static final class Answer {
        final long readAt;
        final Object reader;
        List<ObjectNode> rows;
        RuntimeException failure;
        boolean done;
        int waiters;

        Answer(long readAt, Object reader) {
            this.readAt = readAt;
            this.reader = reader;
        }
    }

    /**
     * The answer to {@code call} for {@code project}: the latest one if another reader read it less than
     * {@code freshFor} ago, the one being read now by another reader (waiting for it), or else {@code read}'s, kept
     * for the next reader.
     *
     * @param reader who asks (the same object at each of its readings)
     */
    public List<ObjectNode> answer(
            String project, String call, Duration freshFor, Object reader, Supplier<List<ObjectNode>> read) {
        Answer mine;
        synchronized (this) {
            while (true) {
                Map<String, Answer> calls = projects.computeIfAbsent(project, p -> new HashMap<>());
                Answer latest = calls.get(call);
                long now = clock.getAsLong();
                if (latest != null && !latest.done) {
                    awaitEnd(latest);
                    if (latest.failure == null) {
                        return copy(latest.rows);
                    }
                    if (!endedByInterrupt(latest.failure)) {
                        // the same call under the same credential: it would have failed for this reader too
                        throw latest.failure;
                    }
                    // the other reader's stop ended its call: that says nothing of CODING, and this reader still
                    // wants the answer, so it calls CODING itself (a failed call is not kept: see finish)
                    continue;
                }
                if (latest != null && latest.reader != reader && now - latest.readAt < freshFor.toMillis()) {
                    return copy(latest.rows);
                }
                mine = new Answer(now, reader);
                calls.put(call, mine);
                break;
            }
        }
        List<ObjectNode> rows;
        try {
            rows = read.get();
        } catch (RuntimeException failure) {
            finish(project, call, mine, null, failure);
            throw failure;
        }
        finish(project, call, mine, List.copyOf(rows), null);
        return copy(mine.rows);
    }

    /** Readers waiting for another reader's call now (the benchmark's simulated clock counts them as waiting). */
    public synchronized int waitingReaders() {
        return waitingReaders;
    }

    /** Whether {@code failure} came of its reader's thread being interrupted (its route's stop), not of CODING. */
    private static boolean endedByInterrupt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    /** Waits until {@code pending}'s call has ended, or throws when this reader's own stop interrupts it. */
    private void awaitEnd(Answer pending) {
        // called holding the lock
        pending.waiters++;
        waitingReaders++;
        while (!pending.done) {
            try {
                wait();
            } catch (InterruptedException e) {
                // a stop interrupts its poll: it must not wait out the other reader's call (up to requestTimeout per
                // attempt) before it ends; the other reader's answer is kept for the next one
                pending.waiters--;
                waitingReaders--;
                Thread.currentThread().interrupt();
                throw new IllegalStateException(
                        "interrupted while waiting for another reader's call to CODING (the route is stopping)", e);
            }
        }
    }

    private synchronized void finish(
            String project, String call, Answer answer, List<ObjectNode> rows, RuntimeException failure) {
        answer.rows = rows;
        answer.failure = failure;
        answer.done = true;
        // its waiters stop waiting now, before they wake: the simulated clock must not move meanwhile
        waitingReaders -= answer.waiters;
        if (failure != null) {
            Map<String, Answer> calls = projects.get(project);
            if (calls != null && calls.get(call) == answer) {
                calls.remove(call); // a failed call is no answer: the next reader calls again
            }
        }
        notifyAll();
    }

    /** Each reader gets rows of its own: a reader may change the rows it maps. */
    private static List<ObjectNode> copy(List<ObjectNode> rows) {
        return rows.stream().map(ObjectNode::deepCopy).toList();
    }
}
