package dev.camelcoding.component;

import java.time.Duration;

/**
 * When a polling consumer polls next: by expected activity. The delay grows in proportion to how long the source has
 * been quiet: one base delay per {@code idleAfter} of quiet (with the defaults, 1 minute of delay per hour since the
 * last change), never under the base delay and never over {@code maxIdleDelay}. A poll or a webhook delivery that
 * finds a change brings the delay back to the base at once.
 *
 * <p>Why proportional, not a step: a source that changed an hour ago is likely to change again soon; one quiet for a
 * day is not. Edits come in bursts with gaps between them (in TeamSyncBenchmark, exponential gaps of 20 minutes on
 * average): with a step at {@code idleAfter} followed by doubling, the edits after a gap a little longer than
 * {@code idleAfter} (about 5 % of them at that rate) found the table backed off, up to {@code maxIdleDelay} late, so
 * the 95th percentile of their latency sat on that edge. Proportional, an edit after a gap of
 * {@code g} waits at most {@code g} x base / {@code idleAfter}: after a quiet hour and a half, 1.5 minutes. A source
 * quiet for {@code maxIdleDelay} / base x {@code idleAfter} (15 hours with the defaults) or longer is polled once per
 * {@code maxIdleDelay}, as before; one quiet between 1 and 15 hours is polled more often than before (every 2 to 15
 * minutes where the doubling reached 15 minutes 75 minutes after the change). The delay at most doubles from one
 * idle poll to the next, so a table that learns at its start that it has been quiet for a month steps up to the cap
 * (2, 4, 8, 15 minutes). {@code idleAfter} 0: the delay doubles from the first idle poll on, up to
 * {@code maxIdleDelay}.
 *
 * <p>Why: every idle poll still costs calls (the issues poll one listing page; iterations, members and the reference
 * tables their whole listing), and with tens of projects on one credential polling each at the base delay would take
 * more than the credential's budget. A dormant project polled every 15 minutes costs a 15th of one polled every minute.
 *
 * <p>Camel's own {@code backoffIdleThreshold}/{@code backoffMultiplier} do not fit: they skip a fixed number of polls
 * and then start counting again at the base delay (so a dormant source keeps most of its polls), and nothing outside
 * the consumer (a webhook) can reset them. The consumer's scheduler still ticks at the base delay; a tick that is
 * not due is skipped without a call.
 *
 * <p><b>The start.</b> Without news of the source, a start counts as a change: the table is polled at its base delay
 * for {@code idleAfter}. That is what a team's first sync cannot afford (50 projects, 6 tables each, polled every
 * minute while every one of them is new). So a caller that learns when the source last changed on CODING tells the
 * schedule ({@link #lastChangeKnown}), and the schedule counts idleness from there: a project last changed more than
 * {@code idleAfter} ago starts backed off (a project quiet for a month steps up to {@code maxIdleDelay}, so a change is
 * still found within that cap). The first poll's events (the snapshot, the first listing) are the start's read, not
 * activity; any later poll that finds a change, or a webhook, resets the delay as always.
 *
 * <p>Thread-safe: the poll thread records polls, a webhook delivery thread may record a change. Public, and on a
 * clock its caller passes, so that a benchmark (TeamSyncBenchmark) schedules its simulated polls by this very rule.
 */
public final class IdlePollSchedule {

    private final long baseMillis;
    private final long idleAfterMillis;
    private final long maxMillis;

    private long lastChangeAt;
    private long lastPollAt;
    private long delayMillis;
    private long nextDueAt;
    /** Whether a poll has ended since the start (the first one's events are the start's read, not activity). */
    private boolean startRead;
    /** Whether the source's last change is known from CODING ({@link #lastChangeKnown}), or was found after the start. */
    private boolean lastChangeSettled;

    /**
     * @param base the consumer's delay
     * @param idleAfter the quiet that adds one base delay to the delay (so the delay starts to grow after it)
     * @param maxIdleDelay the longest delay (at most the base: the delay never grows)
     * @param now the start (counts as a change unless {@link #lastChangeKnown} says when the source last changed)
     */
    public IdlePollSchedule(Duration base, Duration idleAfter, Duration maxIdleDelay, long now) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.idleAfterMillis = Math.max(0, idleAfter.toMillis());
        this.maxMillis = Math.max(baseMillis, maxIdleDelay.toMillis());
        this.lastChangeAt = now;
        this.lastPollAt = now;
        this.delayMillis = baseMillis;
        this.nextDueAt = now;
    }

    /** Whether a tick at {@code now} should poll. */
    public synchronized boolean due(long now) {
        return now - nextDueAt >= 0;
    }

    /** A poll that started at {@code startedAt} ended; {@code changes} is what it emitted (0: an idle poll). */
    public synchronized void polled(long startedAt, int changes) {
        lastPollAt = startedAt;
        boolean firstPoll = !startRead;
        startRead = true;
        // the start's read of a source whose last change CODING told us is not activity: idle since then
        boolean news = changes > 0 && !(firstPoll && lastChangeSettled);
        if (news) {
            lastChangeSettled = !firstPoll; // a change after the start's read is news; the start's read is not
            lastChangeAt = startedAt;
            delayMillis = baseMillis;
        } else {
            // at most twice the last delay: a table that learns it has been quiet for a month (at its start, or a
            // restart) steps up to the cap (2, 4, 8, 15 minutes) instead of jumping to it, so a change made right
            // after a restart is found within seconds when the base delay is short (a test's 100 ms, not 15 minutes)
            delayMillis = Math.min(delayAfterQuiet(startedAt - lastChangeAt), Math.max(baseMillis, delayMillis * 2));
        }
        // from the poll's start: the scheduler's next tick comes a base delay after the poll's end, so never early
        nextDueAt = startedAt + delayMillis;
    }

    /** One base delay per {@code idleAfter} of quiet, between the base delay and the cap. */
    private long delayAfterQuiet(long quietMillis) {
        if (idleAfterMillis == 0) {
            return maxMillis;
        }
        double proportional = (double) Math.max(0, quietMillis) * baseMillis / idleAfterMillis;
        return (long) Math.min(maxMillis, Math.max(baseMillis, proportional));
    }

    /**
     * A poll of {@code poller} that started at {@code startedAt} ended having emitted {@code emitted} events: a poll
     * that only repeated the previous one's events (an unchanged overwrite pass) counts as idle.
     */
    public void polled(long startedAt, int emitted, dev.camelcoding.component.polling.TablePoller poller) {
        polled(startedAt, poller.lastPollRepeated() ? 0 : emitted);
    }

    /**
     * When the source last changed, as CODING says (on this machine's clock: see {@link #lastChangeAt}). Taken until a
     * poll after the start finds a change (then that change is the latest), and only once: the first news decides how
     * the table starts. A source quiet for longer than {@code idleAfter} is polled at its quiet's delay from its next
     * poll on (a month: {@code maxIdleDelay}).
     */
    public synchronized void lastChangeKnown(long changedAt) {
        if (lastChangeSettled) {
            return;
        }
        lastChangeSettled = true;
        lastChangeAt = Math.min(lastChangeAt, changedAt);
    }

    /**
     * A time of CODING's clock ({@code codingTime}, e.g. an UpdatedAt) on this machine's clock, given CODING's now
     * ({@code codingNow}, from its answers' Date header: {@code ServerClock}) and ours ({@code localNow}). The age is
     * measured on one clock, CODING's, so any skew between the two clocks drops out.
     */
    public static long lastChangeAt(long codingTime, long codingNow, long localNow) {
        return localNow - Math.max(0, codingNow - codingTime);
    }

    /** A change found outside the polls (a webhook delivery): the delay is the base again, from the last poll on. */
    public synchronized void changeSeen(long now) {
        lastChangeSettled = true;
        lastChangeAt = now;
        delayMillis = baseMillis;
        nextDueAt = Math.min(nextDueAt, lastPollAt + baseMillis);
    }

    /** The delay in force now. */
    public synchronized Duration delay() {
        return Duration.ofMillis(delayMillis);
    }
}
