package dev.camelcoding.bench;

import dev.camelcoding.client.CredentialLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * A simulated clock that drives scheduled jobs (the routes' scheduler ticks) on threads of their own, with the
 * credential's real {@link CredentialLimiter} on this clock: the clock moves only when every running job waits at the
 * limiter (to the next permit) or none runs (to the next job due). So the calls are spaced at the limiter's rate and
 * ordered by its own priorities and project turns, and simulated hours take seconds.
 *
 * <p>Why threads and not one loop: a backfill poll makes its pages in one {@code poll()}, and what the limiter serves
 * next depends on which other sources wait at the same time; only concurrently waiting calls show that.
 *
 * <p>A job that does not call CODING (a change made in the simulator) runs the same way and ends at once.
 */
final class SimulatedTime implements AutoCloseable {

    /** A scheduled job: runs at {@code now} (epoch ms) and says when it is due next (Long.MAX_VALUE: never). */
    interface Job {
        long run(long now) throws Exception;
    }

    private static final class Task {
        final String name;
        final Job job;
        volatile long due;
        volatile boolean busy;

        Task(String name, Job job, long due) {
            this.name = name;
            this.job = job;
            this.due = due;
        }
    }

    private final AtomicLong nanos;
    private final CredentialLimiter limiter;
    private final List<Task> tasks = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger running = new AtomicInteger();
    /** Jobs waiting elsewhere for a call another job waits for at the limiter (the shared reference answers). */
    private volatile IntSupplier alsoWaiting = () -> 0;

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "simulated-route");
        t.setDaemon(true);
        return t;
    });

    SimulatedTime(long startMillis) {
        this.nanos = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(startMillis));
        this.limiter = CredentialLimiter.onClock(nanos::get);
    }

    /** The credential's limiter, on this clock. */
    CredentialLimiter limiter() {
        return limiter;
    }

    long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanos.get());
    }

    /**
     * Counts, as waiting, the jobs {@code waiting} says wait for another job's call (a reader joining a reference call
     * under way): they can go on only once that call, itself at the limiter, is made.
     */
    void alsoWaiting(IntSupplier waiting) {
        this.alsoWaiting = waiting;
    }

    /** Schedules {@code job} first at {@code due} (epoch ms). */
    void schedule(String name, long due, Job job) {
        tasks.add(new Task(name, job, due));
    }

    /** Failures of jobs so far (a job that throws is scheduled again as Camel's scheduler would: a delay later). */
    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /**
     * Moves the clock until {@code untilMillis}, or until {@code done} holds at a quiet moment (every job waiting or
     * none running), whichever comes first. Jobs waiting at the limiter then keep waiting for the next call.
     */
    void runUntil(long untilMillis, java.util.function.BooleanSupplier done) {
        long untilNanos = TimeUnit.MILLISECONDS.toNanos(untilMillis);
        while (true) {
            startDueTasks();
            awaitQuiet();
            if (done.getAsBoolean() || nanos.get() >= untilNanos) {
                return;
            }
            long next = untilNanos;
            synchronized (tasks) {
                for (Task task : tasks) {
                    if (!task.busy && task.due != Long.MAX_VALUE) {
                        next = Math.min(next, TimeUnit.MILLISECONDS.toNanos(task.due));
                    }
                }
            }
            if (limiter.waitingCalls() > 0) {
                next = Math.min(next, limiter.nextPermitNanos());
            }
            nanos.set(Math.max(nanos.get(), next));
            limiter.clockMoved();
        }
    }

    private void startDueTasks() {
        long now = millis();
        List<Task> due = new ArrayList<>();
        synchronized (tasks) {
            for (Task task : tasks) {
                if (!task.busy && task.due <= now) {
                    task.busy = true;
                    due.add(task);
                }
            }
        }
        for (Task task : due) {
            running.incrementAndGet();
            threads.execute(() -> {
                long next;
                try {
                    next = task.job.run(millis());
                } catch (Throwable failure) {
                    failures.add(task.name + ": " + failure);
                    next = millis() + 60_000;
                }
                task.due = next;
                task.busy = false;
                running.decrementAndGet();
            });
        }
    }

    /**
     * Waits (real time) until every running job waits at the limiter for a permit not yet due, or none runs: only then
     * may the clock move, so no call is made later than the limiter would make it.
     */
    private void awaitQuiet() {
        int spins = 0;
        long since = System.nanoTime();
        while (true) {
            if (System.nanoTime() - since > TimeUnit.MINUTES.toNanos(2)) {
                throw new IllegalStateException("simulated time stuck: " + running.get() + " jobs running, "
                        + limiter.waitingCalls() + " waiting at the limiter");
            }
            int before = running.get();
            int atLimiter = limiter.waitingCalls();
            int waiting = atLimiter + alsoWaiting.getAsInt();
            boolean permitDue = atLimiter > 0 && limiter.nextPermitNanos() - nanos.get() <= 0;
            if (before == waiting
                    && !permitDue
                    && running.get() == before
                    && limiter.waitingCalls() + alsoWaiting.getAsInt() == waiting) {
                return;
            }
            if (++spins % 200 == 0) {
                limiter.clockMoved(); // a waiting call whose permit fell due looks at the clock again
            }
            LockSupport.parkNanos(20_000);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
