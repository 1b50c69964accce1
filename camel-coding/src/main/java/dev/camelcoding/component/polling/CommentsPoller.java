package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.Page;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.event.RowHash;
import dev.camelcoding.component.schema.CommentSchema;
import dev.camelcoding.component.schema.IssueSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comments table. CODING has no listing of comments across issues, only DescribeIssueCommentList per issue (no
 * paging), the issue list carries no comment count or last-comment time, and adding a comment does not move its
 * issue's UpdatedAt. So one call per issue per read is the floor, and this poller decides which issues are read when:
 *
 * <ol>
 * <li><b>Which issues exist</b>, from the issues poller of the same source ({@link IssueFeed}: no list call of ours),
 * or, when no issues poller runs in this CamelContext, from a listing of our own ({@link IssueChangeReader}).</li>
 * <li><b>Changed issues first</b>: an issue whose UpdatedAt moved is read in the next poll (at
 * {@link CallPriority#COMMENT_READ}); a deleted one has each of its comments deleted ({@code op=d}).</li>
 * <li><b>Rescans</b> on a {@link CommentSchedule} by expected staleness, spending at most {@code rescanShare} of the
 * credential's rate over time ({@link CommentBudget}), at {@link CallPriority#RESCAN}, the lowest: the limiter serves
 * webhook refetches and the issues poll first.</li>
 * <li><b>The backfill</b> with the rest: issues never read, most recently updated first, so a large project has the
 * comments of its active work within minutes; resumable at any point (each issue's read is saved).</li>
 * <li><b>Rescans ahead of schedule</b> with the rescan credit still left once the backfill is done: the most stale
 * issues relative to their interval, each at most once a poll delay, so the allowance is spent rather than left
 * unused and a small project is re-read every few minutes, not every 15 or more.</li>
 * </ol>
 * Each issue's comments are compared with the versions stored for it ({@link CommentIndex}): a new id is {@code c}
 * (or {@code r} on the issue's first read), a changed one {@code u}, a vanished one {@code d}. New comments are pushed
 * within seconds only by webhook or hybrid mode (ISSUE_COMMENT_CREATED); polling finds them on schedule.
 */
public final class CommentsPoller implements TablePoller {

    private static final Logger LOG = LoggerFactory.getLogger(CommentsPoller.class);
    /** Reads between two saves of the index (each save first hands over what those reads emitted). */
    static final int READS_PER_CHECKPOINT = 50;
    /**
     * Index changes kept unsaved at most (a listing applies one per issue): then they are saved with the events they
     * cover, so the memory they take does not grow with the project.
     */
    static final int MAX_UNSAVED = 1_000;
    /** Codes compared with the listing per query of the seed pass. */
    static final int GONE_CHUNK = 500;
    /** How long a poll waits for the issues poller to go on with its snapshot before it ends (no busy loop). */
    static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(5);
    /** The least time between two reads of one issue ahead of its interval, whatever the poll delay. */
    static final Duration MIN_REREAD_FLOOR = Duration.ofSeconds(1);

    private final PollContext ctx;
    private final CommentSettings settings;
    private final IssueFeed feed;
    private final IssueChangeReader ownListing;
    /** A resync asked by coding-sync resync runs: first reads are emitted with mode resync. */
    private boolean resyncing;

    private final CommentSchedule schedule;
    private final CommentBudget budget;
    /** The credential's calls per second the budget derives from (the client's limiter, or a benchmark's clock). */
    private final DoubleSupplier callsPerSecond;

    /** Loaded by the first poll; volatile, as {@link #knownComments} reads it from a delivery's thread. */
    private volatile CommentIndex index;
    /** Issues to read in the next poll (changed, or their read was cut by the budget): code to reason. */
    private final Map<Long, CallPriority> dueNow = new LinkedHashMap<>();

    /** Issues read for the first time: the backfill's current pace, for status, the metrics and the ETA. */
    private final RecentRate backfillReads;

    private boolean resynced;
    /** Whether this start has taken the issues the issues reader committed before it (see recoverCommittedListing). */
    private boolean committedListingRecovered;

    private boolean moreWork;
    private boolean warnedDemand;
    private int readsSinceSave;
    private int lastPollCalls;

    public CommentsPoller(PollContext ctx, CommentSettings settings, IssueFeed feed) {
        this(ctx, settings, feed, () -> ctx.client().options().requestsPerSecond());
    }

    /**
     * @param callsPerSecond the rate the budget derives from, where it is not the client's own (a benchmark runs an
     *                       unthrottled client on a simulated clock)
     */
    public CommentsPoller(PollContext ctx, CommentSettings settings, IssueFeed feed, DoubleSupplier callsPerSecond) {
        this.ctx = ctx;
        this.callsPerSecond = callsPerSecond;
        this.budget = new CommentBudget(settings);
        this.settings = settings;
        this.feed = feed;
        this.ownListing = new IssueChangeReader(ctx, "comments.issues", true);
        this.schedule = new CommentSchedule(settings.maxStaleness());
        // calls derived from the clock spread the reads evenly: the last minute is the pace after a few seconds; a
        // fixed number of calls per poll reads in bursts, one per poll interval: the pace is measured over two
        this.backfillReads = settings.callsPerPoll() > 0
                ? new RecentRate(
                        max(RecentRate.MINUTE, settings.pollInterval().multipliedBy(2)),
                        max(RecentRate.MINUTE, settings.pollInterval().multipliedBy(2)))
                : new RecentRate(RecentRate.MINUTE, Duration.ofSeconds(3));
        if (feed != null) {
            feed.subscribe();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.unsubscribe();
        }
    }

    @Override
    public boolean moreWork() {
        return moreWork;
    }

    /** When the comments of an issue were last read (epoch ms; empty: never, or unknown issue); for benchmarks. */
    public java.util.OptionalLong lastRead(long issueCode) {
        CommentedIssue issue = index == null ? null : index.get(issueCode);
        return issue == null || issue.readAt() <= 0
                ? java.util.OptionalLong.empty()
                : java.util.OptionalLong.of(issue.readAt());
    }

    /**
     * The ids of the comments of an issue as this poller last read them (empty when it has not read them, or has
     * not loaded its index yet). Safe from any thread: the webhook path reads it to delete a deleted issue's comments
     * at once (see {@link CommentTombstones}); the poller still deletes them too when it takes the issue's delete
     * touch, as a backstop (a tombstone repeated with the same dedup key).
     */
    public Set<Long> knownComments(long issueCode) {
        CommentIndex loaded = index;
        CommentedIssue issue = loaded == null ? null : loaded.get(issueCode);
        return issue == null ? Set.of() : issue.comments().keySet();
    }

    /** DescribeIssueCommentList calls the last poll made (for tests of the budget). */
    int lastPollCalls() {
        return lastPollCalls;
    }

    @Override
    public int poll() throws Exception {
        try {
            return pollOnce();
        } catch (Exception | Error stoppedMidRead) {
            if (index != null
                    && index.seeded()
                    && readsSinceSave > 0
                    && !ctx.emitter().isRunAllowed()) {
                // a stop interrupted a read: the reads done since the last checkpoint are committed now (their
                // events first), so status after the stop shows them and a restart does not read them again.
                // The interrupt that stopped the read is set aside meanwhile: an embedded H2 database whose
                // FileChannel a write sees interrupted closes itself for every user (the leases could then not be
                // released, and the other readers' last writes failed).
                boolean interrupted = Thread.interrupted();
                try {
                    checkpoint();
                } catch (Exception notNow) {
                    stoppedMidRead.addSuppressed(notNow); // read again after the restart; nothing is lost
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (index != null) {
                index.forgetUnsaved(ctx.state()); // their events were discarded: read those issues again
            }
            throw stoppedMidRead;
        }
    }

    private int pollOnce() throws Exception {
        if (index == null) {
            index = CommentIndex.load(ctx.state());
        }
        lastPollCalls = 0;
        moreWork = false;
        int emitted = learnIssues();
        if (!index.seeded()) {
            checkpoint();
            saveFreshness();
            return emitted;
        }
        CommentResync.startIfAsked(ctx, index, this::checkpoint); // coding-sync resync: every issue's comments due
        resyncing = ResyncRequests.running(ctx.state());
        double rate = callsPerSecond.getAsDouble();
        long now = ctx.now();
        CommentBudget.Grant grant = budget.grant(now, rate);

        // 1. issues that changed or were cut by the last budget
        Iterator<Map.Entry<Long, CallPriority>> due = dueNow.entrySet().iterator();
        while (due.hasNext() && lastPollCalls < grant.calls() && ctx.emitter().isRunAllowed()) {
            Map.Entry<Long, CallPriority> next = due.next();
            due.remove();
            emitted += read(next.getKey(), next.getValue());
        }
        if (index.unsaved() > 0) {
            checkpoint(); // the schedule's queries rank what was saved
        }
        // 2. rescans, most overdue first, within their allowance
        int rescansMade = 0;
        int rescanLimit = Math.min(grant.rescans(), grant.calls() - lastPollCalls);
        if (rescanLimit > 0) {
            int before = lastPollCalls;
            for (CommentedIssue issue : index.dueRescans(schedule, now, rescanLimit)) {
                if (!ctx.emitter().isRunAllowed()) {
                    break;
                }
                emitted += read(issue.code(), CallPriority.RESCAN);
            }
            rescansMade = lastPollCalls - before;
        }
        // 3. the backfill, most recently updated first, with what is left
        int backfilled = 0;
        int backfillLimit = grant.calls() - lastPollCalls;
        if (backfillLimit > 0) {
            int before = lastPollCalls;
            for (CommentedIssue issue : index.backfill(backfillLimit)) {
                if (!ctx.emitter().isRunAllowed()) {
                    break;
                }
                emitted += read(issue.code(), CallPriority.COMMENT_READ);
            }
            backfilled = lastPollCalls - before;
        }
        // 4. the rescan credit the due issues and the backfill left: read ahead, most stale (weighted by activity)
        // first, so a project whose schedule needs less than the allowance is re-read at the allowance
        int spareLimit = Math.min(rescanLimit - rescansMade, grant.calls() - lastPollCalls);
        if (spareLimit > 0) {
            int before = lastPollCalls;
            for (CommentedIssue issue : index.spareRescans(schedule, now, spareLimit, rereadFloorMillis())) {
                if (!ctx.emitter().isRunAllowed()) {
                    break;
                }
                emitted += read(issue.code(), CallPriority.RESCAN);
            }
            rescansMade += lastPollCalls - before;
        }
        budget.spent(lastPollCalls, rescansMade, backfilled > 0);
        checkpoint();
        CommentFreshness freshness = saveFreshness();
        if (resyncing) {
            CommentResync.completeIfRead(ctx, freshness);
        }
        warnIfDemandExceedsAllowance(freshness);
        // a grant cut by the per-poll cap, fully spent on rescans: more may be due, and the credit is there for them
        boolean rescansLeft = grant.rescansCapped() && rescanLimit > 0 && rescansMade == rescanLimit;
        // a poll that had no credit (polled again before a call's worth of time passed) must not ask to follow at
        // once: the consumer would spin until the credit comes; the next scheduled poll has a delay's worth
        moreWork = lastPollCalls > 0 && (!dueNow.isEmpty() || freshness.unread() > 0 || rescansLeft);
        return emitted;
    }

    /**
     * The least time between two reads of one issue by spare credit: the poll delay (at least a second), so an issue
     * is read ahead at most once a poll period, and a poll that follows at once does not re-read what the poll before
     * it has just read.
     */
    private long rereadFloorMillis() {
        return Math.max(MIN_REREAD_FLOOR.toMillis(), settings.pollInterval().toMillis());
    }

    // ---- which issues exist ----

    /** Applies what the issues listing says (the feed, or our own listing); emits the deletes of deleted issues. */
    private int learnIssues() throws Exception {
        if (feed != null && feed.live()) {
            return learnFromFeed();
        }
        int[] emitted = {0};
        if (!index.seeded() && ownListing.isIncremental()) {
            // our own listing is past its snapshot, but the index is not whole (a state from before the index)
            emitted[0] += seedPass();
            return emitted[0];
        }
        ownListing.read(new IssueChangeReader.Visitor() {
            @Override
            public void changed(ObjectNode apiRow, ObjectNode canonical, String mode) throws Exception {
                emitted[0] += apply(IssueTouch.ofRow(apiRow, mode));
            }

            @Override
            public void deleted(long code) throws Exception {
                emitted[0] += apply(IssueTouch.deleted(code));
            }

            @Override
            public void beforePassPositionSaved() {
                if (!index.seeded()) {
                    // the issues of the pages the listing moves past, saved first: killed after the listing's save,
                    // a restart that lost them would mark the index whole without them (their comments never read)
                    index.save(ctx.state());
                }
            }
        });
        if (ownListing.isIncremental()) {
            index.markSeeded();
        }
        return emitted[0];
    }

    private int learnFromFeed() throws Exception {
        int emitted = applyAll(feed.drain());
        if (!index.seeded() && !committedListingRecovered) {
            recoverCommittedListing();
            committedListingRecovered = true;
        }
        if (index.seeded()) {
            if (!resynced) {
                // touches published before a crash may not have reached the index: list what changed since
                emitted += resync();
                resynced = true;
            }
            return emitted;
        }
        if (!feed.issuesIncremental()) {
            // The issues snapshot is under way and feeds us every issue: wait for it rather than read out of order.
            // Then poll again at once whatever ended the wait, until the index is whole: from the feed while an issues
            // poller publishes, else (it went away) by our own listing. Not "again only while one publishes": a
            // change log reader restarts its issues consumer as it takes the lease, and a wait that ended in that
            // restart (the publisher detached, not attached again yet) left the comments unread until the next poll,
            // an hour later with a hybrid backstop (HybridIssueDeleteLogCacheTest: 0 of 20 comments in 30 s, both
            // readers idle, whenever the comments' lease came before the issues').
            feed.awaitIssuesPoll(SNAPSHOT_WAIT);
            moreWork = true;
            emitted += applyAll(feed.drain());
            if (!feed.issuesIncremental()) {
                return emitted;
            }
            moreWork = false;
        }
        // The issues reader has finished its snapshot. If we saw all of it, the index has every issue: CODING's
        // total (one call) says so; else (we started after that snapshot, or a restart lost touches) list once.
        Page first = ctx.client().issuePage(ctx.issueQuery("CODE", true).withPageSize(1), 1);
        if (first.totalCount() >= 0 && first.totalCount() == index.size()) {
            index.markSeeded();
            resynced = true;
            return emitted;
        }
        LOG.info(
                "{}: the issues feed did not show every issue ({} of {}); listing them once",
                ctx.state().prefix(),
                index.size(),
                first.totalCount());
        return emitted + seedPass();
    }

    /**
     * Once per start, while the index is not whole and the issues reader resumes its snapshot: the issues it had
     * committed as listed but whose touches never reached our saved index (published, then lost in a crash before our
     * next checkpoint). They come from the reader's committed key set, with no call to CODING: the reader resumes
     * after its last committed page and will not list them again, and finding them by listing every issue again cost
     * a restart the whole pass (issue 18: 34 issue-list calls after a kill at page 9 of 20, where 12 were left).
     * Their UpdatedAt is unknown (0) until the issue is listed or changes again: the backfill reads them after the
     * issues whose recency it knows, and their rescan interval starts from their comments' activity.
     */
    private void recoverCommittedListing() {
        java.util.Optional<KnownCodes> committed = feed.snapshotCodesListedBeforeRestart();
        if (committed.isEmpty()) {
            return;
        }
        int recovered = 0;
        long after = 0;
        while (true) {
            long[] chunk = committed.get().between(after, Long.MAX_VALUE, IssueChangeReader.CENSUS_CHUNK);
            for (long code : chunk) {
                if (index.get(code) == null) {
                    index.put(new CommentedIssue(code, 0, 0, 0, Map.of()));
                    recovered++;
                }
            }
            if (chunk.length < IssueChangeReader.CENSUS_CHUNK) {
                break;
            }
            after = chunk[chunk.length - 1];
        }
        if (recovered > 0) {
            LOG.info(
                    "{}: {} issues listed before the last stop had not reached the comments index; taken from the"
                            + " issues reader's key set",
                    ctx.state().prefix(),
                    recovered);
        }
    }

    /**
     * Lists every issue once, by Code ascending: what is listed is known, and what the index knew between two listed
     * codes (or past the last) CODING no longer lists: gone. A walk over both in code order, so neither is held whole.
     */
    private int seedPass() throws Exception {
        if (index.unsaved() > 0) {
            checkpoint(); // the walk compares the listing with the saved index
        }
        int emitted = 0;
        long previous = Long.MIN_VALUE;
        // every issue once: a bulk listing, so it waits behind every source's incremental poll
        var pages = ctx.client().issues(ctx.issueQuery("CODE", true), 1, dev.camelcoding.client.CallPriority.BACKFILL);
        while (pages.hasNext()) {
            for (ObjectNode row : pages.next().rows()) {
                long code = IssueSchema.code(row);
                if (code > previous) {
                    emitted += deleteUnlisted(previous, code - 1);
                    previous = code;
                }
                emitted += apply(IssueTouch.ofRow(row, "snapshot"));
            }
        }
        emitted += deleteUnlisted(previous, Long.MAX_VALUE);
        index.markSeeded();
        resynced = true;
        checkpoint();
        return emitted;
    }

    /** Deletes the comments of the issues known with a code above {@code after} and at most {@code upTo}. */
    private int deleteUnlisted(long after, long upTo) throws Exception {
        int emitted = 0;
        for (long[] codes = index.codesBetween(after, upTo, GONE_CHUNK);
                codes.length > 0;
                codes = index.codesBetween(after, upTo, GONE_CHUNK)) {
            for (long code : codes) {
                emitted += apply(IssueTouch.deleted(code));
            }
            after = codes[codes.length - 1];
        }
        return emitted;
    }

    /** After a start: the issues updated since the newest UpdatedAt the index holds (usually one call). */
    private int resync() throws Exception {
        long newest = index.newestUpdatedAt();
        long floor = newest - ctx.lookback().toMillis();
        int emitted = 0;
        for (int pageNumber = 1; pageNumber <= IssueChangeReader.MAX_INCREMENTAL_PAGES; pageNumber++) {
            Page page = ctx.client().issuePage(ctx.issueQuery("UPDATED_AT", false), pageNumber);
            boolean reachedOld = false;
            for (ObjectNode row : page.rows()) {
                if (IssueSchema.updatedAt(row) < floor) {
                    reachedOld = true;
                    break;
                }
                CommentedIssue known = index.get(IssueSchema.code(row));
                if (known == null || known.updatedAt() < IssueSchema.updatedAt(row)) {
                    emitted += apply(IssueTouch.ofRow(row, "polling"));
                }
            }
            if (reachedOld || page.last()) {
                break;
            }
        }
        return emitted;
    }

    private int applyAll(List<IssueTouch> touches) throws Exception {
        int emitted = 0;
        for (IssueTouch touch : touches) {
            emitted += apply(touch);
        }
        return emitted;
    }

    private int apply(IssueTouch touch) throws Exception {
        if (index.unsaved() >= MAX_UNSAVED) {
            saveIndex();
        }
        CommentedIssue known = index.get(touch.code());
        switch (touch.kind()) {
            case LISTED, CHANGED -> {
                long activity = Math.max(touch.createdAt(), touch.updatedAt());
                CommentedIssue next = known == null
                        ? new CommentedIssue(touch.code(), touch.updatedAt(), activity, 0, Map.of())
                        : known.withListing(touch.updatedAt(), activity);
                if (!next.equals(known)) {
                    index.put(next);
                }
                boolean moved = known != null && touch.updatedAt() > known.updatedAt();
                if (touch.kind() == IssueTouch.Kind.CHANGED
                        && (known == null || moved || known.readAt() <= 0)
                        && index.seeded()) {
                    dueNow.putIfAbsent(touch.code(), CallPriority.COMMENT_READ);
                }
                return 0;
            }
            case COMMENTED -> {
                if (known != null) {
                    // a delivered comment: the issue is active, so its interval starts again from the minimum
                    index.put(new CommentedIssue(
                            known.code(),
                            known.updatedAt(),
                            Math.max(known.activityAt(), touch.at()),
                            known.readAt(),
                            known.comments()));
                }
                return 0;
            }
            case DELETED -> {
                dueNow.remove(touch.code());
                return known == null ? 0 : deleteComments(known);
            }
            default -> throw new IllegalStateException("unknown touch " + touch.kind());
        }
    }

    /** The issue is gone: each comment we emitted is deleted. */
    private int deleteComments(CommentedIssue issue) throws Exception {
        int emitted = 0;
        for (long commentId : issue.comments().keySet()) {
            ObjectNode key = CommentSchema.key(ctx.project(), issue.code(), commentId);
            ctx.emitter().emit(ctx.event(Op.DELETE, key, null, null, "polling", false));
            emitted++;
        }
        index.remove(issue.code());
        return emitted;
    }

    // ---- reading one issue's comments ----

    private int read(long issueCode, CallPriority priority) throws Exception {
        CommentedIssue issue = index.get(issueCode);
        if (issue == null) {
            return 0; // deleted meanwhile
        }
        List<ObjectNode> comments;
        lastPollCalls++;
        try {
            comments = ctx.client().issueComments(ctx.project(), issueCode, priority);
        } catch (CodingNotFoundException deleted) {
            return deleteComments(issue); // the issue is gone (its delete may not have reached us)
        }
        Map<Long, String> known = new HashMap<>(issue.comments());
        boolean firstRead = issue.readAt() <= 0;
        if (firstRead) {
            known.putAll(legacyVersions(issueCode));
        }
        if (ctx.crossPath() != null) {
            ctx.crossPath().drainComments(issueCode).forEach((id, version) -> known.put(Long.valueOf(id), version));
        }
        Map<Long, String> current = new HashMap<>();
        long activity = 0;
        boolean changed = false;
        int emitted = 0;
        String mode = firstRead ? (resyncing ? "resync" : "snapshot") : "polling";
        for (ObjectNode comment : comments) {
            ObjectNode row = CommentSchema.fromApi(comment, ctx.project(), issueCode);
            long id = row.path("comment_id").asLong();
            String version = RowHash.versionOf(row);
            current.put(id, version);
            activity = Math.max(
                    activity,
                    Math.max(
                            row.path("created_at").asLong(),
                            row.path("updated_at").asLong()));
            String before = known.get(id);
            if (version.equals(before)) {
                continue;
            }
            Op op = firstRead && (before == null || resyncing) ? Op.READ : before == null ? Op.CREATE : Op.UPDATE;
            ctx.emitter().emit(ctx.event(op, CommentSchema.key(ctx.project(), issueCode, id), null, row, mode, false));
            emitted++;
            changed |= !firstRead;
        }
        for (long id : known.keySet()) {
            if (!current.containsKey(id)) {
                ctx.emitter()
                        .emit(ctx.event(
                                Op.DELETE, CommentSchema.key(ctx.project(), issueCode, id), null, null, mode, false));
                emitted++;
                changed = true;
            }
        }
        long now = ctx.now();
        if (firstRead) {
            backfillReads.record(now);
        }
        // a comment found changed (an edit or a delete we were not told about) makes the issue active again
        index.put(issue.read(now, changed ? now : activity, current));
        if (++readsSinceSave >= READS_PER_CHECKPOINT || ctx.emitter().batchFull()) {
            checkpoint();
        }
        return emitted;
    }

    /** The comment versions the rotating poller of earlier versions kept per issue, so an upgrade re-emits nothing. */
    private Map<Long, String> legacyVersions(long issueCode) {
        ObjectNode legacy = ctx.state().load("comments/" + issueCode);
        Map<Long, String> versions = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = legacy.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            versions.put(Long.valueOf(field.getKey()), field.getValue().asText());
        }
        return versions;
    }

    /**
     * Hands over what was emitted, then saves the index, then the freshness figures: status shows the backfill's
     * progress as of the last checkpoint (every {@value #READS_PER_CHECKPOINT} reads), not of the last poll's end, which
     * a backfill reaches only after its whole budget (a stop 33 s in showed comments "not-started").
     */
    private void checkpoint() throws Exception {
        ctx.emitter().flush();
        // the events just flushed (staged for the change log), the index's changes and the figures: one transaction
        index.commit(() -> {
            index.save(ctx.state());
            if (index.seeded()) {
                saveFreshness();
            }
        });
        readsSinceSave = 0;
    }

    /**
     * Hands over what was emitted and saves the index with it, without the figures: a listing applying thousands of
     * issues saves every {@value #MAX_UNSAVED}, and counting the whole index each time would cost more than the saves.
     */
    private void saveIndex() throws Exception {
        ctx.emitter().flush();
        index.commit(() -> index.save(ctx.state()));
    }

    /** Saves the freshness figures status and the metrics show. */
    private CommentFreshness saveFreshness() {
        double rate = callsPerSecond.getAsDouble();
        long now = ctx.now();
        CommentFreshness freshness = CommentFreshness.of(
                index.reads(now),
                now,
                budget.backfillRate(rate),
                index.demandPerSecond(schedule, now) * 60,
                budget.rescanRate(rate) * 60,
                backfillReads.perMinute(now));
        ctx.state().write(CommentFreshness.STATE, freshness);
        return freshness;
    }

    /**
     * Once per start: the schedule needs more rescans than the budget allows, so some issues will be read later than
     * their interval (the most overdue go first, so the quiet ones wait; the week's active ones may miss the hour).
     * Only once the backfill is done: while it runs, the demand of a project's most recent hours (a burst of activity
     * at the start) passes within hours, and the backfill takes what the rescans leave anyway; status shows both
     * figures from the start.
     */
    private void warnIfDemandExceedsAllowance(CommentFreshness freshness) {
        if (warnedDemand || !index.seeded() || freshness.unread() > 0 || !freshness.overCapacity()) {
            return;
        }
        LOG.warn(
                "{}: the comment schedule of {} issues needs {} rescan calls a minute, the budget allows {}"
                        + " (commentRescanShare={} of rateLimit={}/s{}): raise commentRescanShare (or rateLimit, or"
                        + " commentMaxStaleness), or issues will be read later than their interval",
                ctx.state().prefix(),
                freshness.issues(),
                String.format("%.1f", freshness.rescanDemandPerMinute()),
                String.format("%.1f", freshness.rescanAllowancePerMinute()),
                settings.rescanShare(),
                callsPerSecond.getAsDouble(),
                settings.callsPerPoll() > 0 ? ", commentCallsPerPoll=" + settings.callsPerPoll() : "");
        warnedDemand = true;
    }
}
