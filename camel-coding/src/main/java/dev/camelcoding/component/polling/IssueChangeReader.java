package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CallPriority;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.Page;
import dev.camelcoding.component.event.RowHash;
import dev.camelcoding.component.schema.IssueSchema;
import dev.camelcoding.protocol.CodingCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the issues that changed since the last poll, for the issues table and for the comments table (which reads
 * the comments of changed issues). Three phases, persisted so a restart resumes where the last run stopped:
 *
 * <ol>
 * <li><b>Full pass</b> (the first snapshot, or a catch-up after a backlog too large for one poll): every issue,
 * paged by Code ascending. Codes never change, so an issue updated during the pass does not move between pages;
 * progress is saved after each page and a restart resumes at that page. When CODING's total drops between two
 * pages (issues deleted meanwhile shift the later rows forward), the pass steps back and skips codes it already
 * visited, so no row is jumped over.</li>
 * <li><b>Incremental</b>: DescribeIssueListWithPage sorted by UpdatedAt <i>descending</i> with an UPDATED_AT
 * condition from the cursor's day. The newest changes come first, so a poll that finds nothing new costs exactly
 * one call however many issues changed earlier that day; and an issue updated while we page moves to the front,
 * which repeats a row rather than skipping one. CODING's condition is day-granular (in China Standard Time), so
 * rows are filtered exactly in memory against {@code cursor - lookback}. Rows re-read inside that overlap are
 * dropped when their version (UpdatedAt plus a content hash) was already emitted, which also keeps two changes in
 * the same millisecond apart.</li>
 * <li><b>Census</b> (every {@code reconcileInterval}): all codes, cheapest listing; codes we know that CODING no
 * longer lists are reported deleted, codes CODING lists that we never saw are reported read.</li>
 * </ol>
 *
 * <p><b>The cursor is in CODING's time, never ours.</b> CODING stamps UpdatedAt with its own clock, which may be
 * hours off this machine's; a cursor taken from our clock would filter out every later update when CODING runs
 * behind by more than the lookback. So the cursor only ever holds UpdatedAt values CODING returned: a pass (snapshot
 * or catch-up) first asks for the newest UpdatedAt CODING has ({@link #newestChange}, one call) and ends with the
 * cursor there, since any later change gets a later UpdatedAt from the same clock; an incremental poll moves it to
 * the UpdatedAt of the rows it delivered. A project without issues has no cursor yet: its polls ask without an
 * UPDATED_AT condition until the first issue appears (every issue of an empty project is new anyway).
 */
final class IssueChangeReader {

    /** What to do with what the reader finds. */
    interface Visitor {
        /** An issue row (as CODING sent it) that is new or changed; {@code mode} is snapshot, polling or reconcile. */
        void changed(ObjectNode apiRow, ObjectNode canonical, String mode) throws Exception;

        /** An issue that no longer exists (found by the census). */
        void deleted(long code) throws Exception;

        /** An issue that no longer exists, found in {@code mode} (reconcile: the census; resync: a resync pass). */
        default void deleted(long code, String mode) throws Exception {
            deleted(code);
        }

        /**
         * A full pass is about to save its position past the rows visited so far: a visitor that keeps what it was
         * shown in memory saves it now, or a crash after the save leaves those rows behind the reader for good (the
         * pass resumes after them and never shows them again).
         */
        default void beforePassPositionSaved() throws Exception {}
    }

    /** Pages one incremental poll may read before it hands the backlog to a catch-up pass (memory stays bounded). */
    static final int MAX_INCREMENTAL_PAGES = 20;
    /** No cursor yet (no issue seen), or no lower bound of a catch-up window. */
    static final long NO_CURSOR = IssueReaderState.NO_CURSOR;

    private static final Logger LOG = LoggerFactory.getLogger(IssueChangeReader.class);

    private final PollContext ctx;
    private final String stateName;
    private final boolean census;
    /** The state of the poll running now, saved by {@link #save()}; a poll starts from what is stored. */
    private IssueReaderState state;
    /** The versions in {@link #state}, updated in place while a poll runs and saved with it. */
    private Map<Long, String> seen;
    /** The codes known to exist, for the census (null without one): queried a range at a time, never held whole. */
    private KnownCodes known;
    /** The resync pass running now (asked by coding-sync resync), or null. */
    private ResyncPass resync;

    IssueChangeReader(PollContext ctx, String stateName, boolean census) {
        this.ctx = ctx;
        this.stateName = stateName;
        this.census = census;
    }

    /** The saved cursor (CODING's newest UpdatedAt this reader saw), or {@link #NO_CURSOR}. */
    long cursorOrNone() {
        return ctx.state()
                .read(stateName, IssueReaderState.class)
                .map(IssueReaderState::cursorOrNone)
                .orElse(NO_CURSOR);
    }

    /** Whether the reader has finished its snapshot (or catch-up) and reads increments. */
    boolean isIncremental() {
        return ctx.state()
                .read(stateName, IssueReaderState.class)
                .map(IssueReaderState::incremental)
                .orElse(false);
    }

    /** Runs one poll: continues a full pass, or reads increments and the census when due. */
    int read(Visitor visitor) throws Exception {
        // a document without a phase was never a started reader (the first versions initialised on that too)
        var stored = ctx.state().read(stateName, IssueReaderState.class).filter(saved -> saved.phase() != null);
        if (stored.isPresent()) {
            state = stored.get();
            seen = new LinkedHashMap<>(state.seen());
        } else {
            initialise();
        }
        known = census ? KnownCodes.of(ctx.state(), stateName) : null;
        resync = ResyncPass.startIfAsked(ctx, stateName, state);
        if (resync != null) {
            state = resync.state();
        }
        int emitted = 0;
        if (!state.incremental()) {
            emitted += fullPass(visitor);
            if (!state.incremental()) {
                return emitted; // stopped mid-pass; resumes on the next poll
            }
        }
        emitted += incremental(visitor);
        if (census && state.incremental() && censusDue()) {
            emitted += census(visitor);
        }
        return emitted;
    }

    private void save() {
        state = state.withSeen(seen);
        if (resync != null) {
            resync.saveSeen(); // before the page it covers is saved as read
        }
        if (known != null) {
            known.checkpoint(); // the codes handed over with this state (in its transaction, where there is one)
        }
        ctx.state().write(stateName, state);
    }

    private void initialise() throws Exception {
        StartPosition start = StartPosition.parse(ctx.startFrom());
        seen = new LinkedHashMap<>();
        if (start.snapshot()) {
            state = new IssueReaderState(
                    ReaderPhase.SNAPSHOT, IssueReaderState.Pass.first(NO_CURSOR), null, seen, null);
        } else {
            state = new IssueReaderState(ReaderPhase.INCREMENTAL, null, null, seen, ctx.now());
            if (start.kind() == StartPosition.Kind.NOW) {
                // "Now" is CODING's now: the newest UpdatedAt it has. The rows at that moment (within the lookback)
                // are recorded as seen, so they are not emitted, while any later change has a new version.
                NewestChange newest = newestChange(CallPriority.POLL);
                if (newest.updatedAt() != NO_CURSOR) {
                    state = state.withCursor(newest.updatedAt());
                    long floor = newest.updatedAt() - ctx.lookback().toMillis();
                    for (ObjectNode row : newest.rows()) {
                        if (IssueSchema.updatedAt(row) >= floor) {
                            seen.put(IssueSchema.code(row), RowHash.versionOf(IssueSchema.fromApi(row, ctx.project())));
                        }
                    }
                }
            } else {
                state = state.withCursor(start.since().toEpochMilli());
            }
        }
        save();
    }

    /** The first page of the issues sorted by UpdatedAt, newest first, and the newest UpdatedAt (or NO_CURSOR). */
    private record NewestChange(long updatedAt, List<ObjectNode> rows) {}

    /**
     * The newest UpdatedAt CODING has, from CODING itself: a lower bound of CODING's clock now, whatever ours says.
     * One call (the first page of the listing by UpdatedAt, newest first), at {@code priority}.
     */
    private NewestChange newestChange(CallPriority priority) {
        Page page = ctx.client().issuePage(ctx.issueQuery("UPDATED_AT", false), 1, priority);
        long newest = NO_CURSOR;
        for (ObjectNode row : page.rows()) {
            newest = Math.max(newest, IssueSchema.updatedAt(row));
        }
        return new NewestChange(newest, page.rows());
    }

    // ---- full pass (snapshot or catch-up) ----

    private int fullPass(Visitor visitor) throws Exception {
        // a resync pass emits every row like the snapshot, and keeps the cursor like a catch-up
        boolean resyncing = resync != null && state.phase() == ReaderPhase.RESYNC;
        boolean snapshot = state.phase() == ReaderPhase.SNAPSHOT || resyncing;
        long windowStart = state.pass().windowStart();
        if (state.pass().cursorAfter() == null) {
            // Where the cursor goes when the pass ends: CODING's newest change before the pass reads its first page.
            // Any change made while the pass runs gets a later UpdatedAt, so the incremental polls find it.
            state = state.withPass(state.pass()
                    .withCursorAfter(newestChange(CallPriority.BACKFILL).updatedAt()));
            save();
        }
        long cursorAfter = state.pass().cursorAfter();
        // Rows this close to the cursor are read again by the first incremental poll: remember their versions.
        long versionFloor = cursorAfter == NO_CURSOR
                ? NO_CURSOR
                : cursorAfter - ctx.lookback().toMillis();
        IssueQuery query = ctx.issueQuery("CODE", true);
        int emitted = 0;
        while (ctx.emitter().isRunAllowed()) {
            int pageNumber = state.pass().nextPage();
            // a backfill page waits behind every source's incremental poll (and takes turns with other backfills)
            Page page = ctx.client().issuePage(query, pageNumber, CallPriority.BACKFILL);
            long previousTotal = state.pass().total();
            if (previousTotal >= 0 && page.totalCount() >= 0 && page.totalCount() < previousTotal && pageNumber > 1) {
                int back = (int) Math.ceil((previousTotal - page.totalCount()) / (double) ctx.pageSize());
                LOG.debug(
                        "{}: {} issues deleted during the pass; stepping back {} page(s)",
                        ctx.state().prefix(),
                        previousTotal - page.totalCount(),
                        back);
                state = state.withPass(state.pass().steppedBackTo(Math.max(1, pageNumber - back), page.totalCount()));
                continue;
            }
            long lastCode = state.pass().lastCode();
            // What is known handed over: lastCode and the seen versions move here only while nothing is buffered
            // (see ChangeEmitter), so a failed hand-over never leaves them past an undelivered row.
            Delivered delivered = new Delivered(lastCode);
            try {
                // each row released as it is taken: a page's parsed rows are not held until its last is emitted
                for (java.util.Iterator<ObjectNode> rows = page.takeRows(); rows.hasNext(); ) {
                    ObjectNode row = rows.next();
                    long code = IssueSchema.code(row);
                    if (code <= lastCode) {
                        continue; // already visited before a step back or a failed delivery
                    }
                    if (known != null) {
                        known.add(code);
                    }
                    if (resyncing) {
                        resync.saw(code);
                    }
                    long updatedAt = IssueSchema.updatedAt(row);
                    if (!snapshot && updatedAt < windowStart) {
                        lastCode = code;
                        delivered.advanceIfHandedOver(code);
                        continue; // a catch-up pass only wants what changed since its window
                    }
                    ObjectNode canonical = IssueSchema.fromApi(row, ctx.project());
                    String version = null;
                    if (updatedAt >= versionFloor || !snapshot) {
                        version = RowHash.versionOf(canonical);
                    }
                    if (resyncing || version == null || !version.equals(seen.get(code))) {
                        if (snapshot) {
                            visitor.changed(row, canonical, resyncing ? "resync" : "snapshot");
                            emitted++;
                        } else if (emitUnlessWebhookHasIt(row, canonical, visitor)) {
                            emitted++;
                        }
                    }
                    delivered.stage(code, version);
                    lastCode = code;
                    if (!delivered.advanceIfHandedOver(code) && ctx.emitter().batchFull()) {
                        // a full batch mid-page: hand it over and save the position after it
                        ctx.emitter().flush();
                        delivered.advanceIfHandedOver(code);
                        state = state.withPass(state.pass().withLastCode(lastCode));
                        visitor.beforePassPositionSaved();
                        save();
                    }
                }
                ctx.emitter().flush(); // the page boundary: everything read from this page is handed over
                delivered.advanceIfHandedOver(lastCode);
            } catch (Exception deliveryFailed) {
                // Keep what was delivered: the next poll fetches this page again and starts after the last
                // delivered row, so nothing is lost and nothing delivered is repeated.
                state = state.withPass(state.pass().withLastCode(delivered.position()));
                try {
                    visitor.beforePassPositionSaved();
                } catch (Exception notSaved) {
                    deliveryFailed.addSuppressed(notSaved);
                    throw deliveryFailed; // the position stays where it was: the page is visited again
                }
                save();
                throw deliveryFailed;
            }
            state = state.withPass(state.pass().pageDone(lastCode, page.totalCount(), ctx.pageSize(), ctx.now()));
            if (page.last() && resyncing) {
                resync.reportGone(known, seen, visitor); // the pass is complete: what it did not see is gone
            }
            if (page.last()) {
                long cursor = snapshot && !resyncing ? cursorAfter : Math.max(state.cursorOrNone(), cursorAfter);
                state = state.passEnded(cursor, ctx.now());
                pruneSeen();
                saveKeys();
            }
            visitor.beforePassPositionSaved();
            save();
            if (page.last()) {
                if (resyncing) {
                    resync.complete();
                    resync = null;
                }
                break;
            }
        }
        return emitted;
    }

    // ---- incremental ----

    private int incremental(Visitor visitor) throws Exception {
        long cursor = state.cursorOrNone();
        long windowStart =
                cursor == NO_CURSOR ? NO_CURSOR : cursor - ctx.lookback().toMillis();
        IssueQuery query = ctx.issueQuery("UPDATED_AT", false);
        if (cursor != NO_CURSOR) {
            // CODING's UPDATED_AT condition takes whole days in China Standard Time; the exact filter is in memory.
            LocalDate fromDay = Instant.ofEpochMilli(windowStart)
                    .atZone(CodingCalendar.ZONE)
                    .toLocalDate();
            LocalDate toDay = Instant.ofEpochMilli(latestPlausibleCodingTime(cursor))
                    .atZone(CodingCalendar.ZONE)
                    .toLocalDate()
                    .plusDays(1);
            query = query.withCondition(IssueQuery.Condition.updatedBetween(fromDay, toDay));
        }

        Map<Long, ObjectNode> changed = new LinkedHashMap<>();
        int pageNumber = 1;
        long previousTotal = -1;
        boolean steppedBack = false;
        while (true) {
            Page page = ctx.client().issuePage(query, pageNumber, CallPriority.POLL);
            if (previousTotal >= 0 && page.totalCount() < previousTotal && !steppedBack && pageNumber > 1) {
                // Deleted rows shifted the rest forward; read the previous page again so none is jumped over.
                steppedBack = true;
                previousTotal = page.totalCount();
                pageNumber--;
                continue;
            }
            steppedBack = false;
            previousTotal = page.totalCount();
            boolean reachedOld = false;
            for (ObjectNode row : page.rows()) {
                if (IssueSchema.updatedAt(row) < windowStart) {
                    reachedOld = true;
                    break;
                }
                changed.putIfAbsent(IssueSchema.code(row), row);
            }
            if (reachedOld || page.last()) {
                break;
            }
            if (pageNumber >= MAX_INCREMENTAL_PAGES) {
                LOG.info(
                        "{}: more than {} issues changed since the last poll; reading them in a resumable catch-up pass",
                        ctx.state().prefix(),
                        MAX_INCREMENTAL_PAGES * ctx.pageSize());
                state = state.startingPass(ReaderPhase.CATCH_UP, windowStart);
                save();
                return fullPass(visitor);
            }
            pageNumber++;
        }

        List<ObjectNode> rows = new ArrayList<>(changed.values());
        rows.sort(Comparator.comparingLong(IssueSchema::updatedAt).thenComparingLong(IssueSchema::code));
        int emitted = 0;
        // The cursor, seen versions and key set saved in the finally block cover only rows handed over: a row that
        // is buffered when a hand-over fails must be read again, so its version may not be recorded as seen.
        Delivered delivered = new Delivered(cursor);
        List<Long> stagedKeys = new ArrayList<>();
        try {
            for (ObjectNode row : rows) {
                long code = IssueSchema.code(row);
                ObjectNode canonical = IssueSchema.fromApi(row, ctx.project());
                String version = RowHash.versionOf(canonical);
                if (version.equals(seen.get(code))) {
                    continue;
                }
                if (emitUnlessWebhookHasIt(row, canonical, visitor)) {
                    emitted++;
                }
                delivered.stage(code, version);
                stagedKeys.add(code);
                // Rows go oldest first, so the cursor never passes a row that was not delivered.
                cursor = Math.max(cursor, IssueSchema.updatedAt(row));
                if (delivered.advanceIfHandedOver(cursor)) {
                    addKeys(stagedKeys);
                } else if (ctx.emitter().batchFull()) {
                    // a full batch mid-list: hand it over and save the position after it, so a crash repeats at most it
                    ctx.emitter().flush();
                    delivered.advanceIfHandedOver(cursor);
                    addKeys(stagedKeys);
                    saveIncremental(delivered.position());
                }
            }
            ctx.emitter().flush();
            delivered.advanceIfHandedOver(cursor);
            addKeys(stagedKeys);
        } finally {
            saveIncremental(delivered.position());
        }
        return emitted;
    }

    private void saveIncremental(long cursor) {
        state = state.withCursor(cursor);
        pruneSeen();
        if (ctx.crossPath() != null && cursor != NO_CURSOR) {
            ctx.crossPath().pruneIssues(cursor - 2 * ctx.lookback().toMillis());
        }
        saveKeys();
        save();
    }

    /** The codes of rows handed over are known (written with the next save). */
    private void addKeys(List<Long> staged) {
        if (known != null) {
            staged.forEach(known::add);
        }
        staged.clear();
    }

    /**
     * The position (a last code or a cursor) and the seen versions of what was handed over. Versions are staged per
     * row and recorded into {@link #seen} only once the emitter has nothing buffered.
     */
    private final class Delivered {
        private final Map<Long, String> staged = new LinkedHashMap<>();
        private long position;

        Delivered(long position) {
            this.position = position;
        }

        void stage(long code, String version) {
            if (version != null) {
                staged.put(code, version);
            }
        }

        /** Moves to {@code newPosition} when nothing is buffered; returns whether it did. */
        boolean advanceIfHandedOver(long newPosition) {
            if (ctx.emitter().pending() > 0) {
                return false;
            }
            staged.forEach(seen::put);
            staged.clear();
            position = newPosition;
            return true;
        }

        long position() {
            return position;
        }
    }

    /**
     * The latest time CODING's clock may show now, for the upper end of the day range: the cursor (CODING's own
     * time), this machine's clock, or CODING's Date header, whichever is latest. A later bound only widens the range
     * (rows are filtered exactly in memory); one too early would hide changes made on CODING's next day.
     */
    private long latestPlausibleCodingTime(long cursor) {
        long latest = Math.max(cursor, ctx.now());
        OptionalLong serverNow = ctx.client().serverClock().estimatedNow();
        return serverNow.isPresent() ? Math.max(latest, serverNow.getAsLong()) : latest;
    }

    /** Emits a changed row, unless (hybrid mode) the webhook path has claimed this version or a newer one. */
    private boolean emitUnlessWebhookHasIt(ObjectNode row, ObjectNode canonical, Visitor visitor) throws Exception {
        CrossPathLedger ledger = ctx.crossPath();
        if (ledger == null) {
            visitor.changed(row, canonical, "polling");
            return true;
        }
        long code = IssueSchema.code(row);
        long updatedAt = IssueSchema.updatedAt(row);
        long previous = ledger.claimIssue(code, updatedAt);
        if (previous < 0) {
            return false;
        }
        try {
            visitor.changed(row, canonical, "polling");
            return true;
        } catch (Exception failed) {
            ledger.releaseIssue(code, updatedAt, previous);
            throw failed;
        }
    }

    /** Keeps only the versions inside the lookback window: older rows are filtered out by time anyway. */
    private void pruneSeen() {
        if (state.cursorOrNone() == NO_CURSOR) {
            return;
        }
        long floor = state.cursorOrNone() - ctx.lookback().toMillis();
        seen.values().removeIf(version -> {
            int colon = version.indexOf(':');
            return colon > 0 && Long.parseLong(version.substring(0, colon)) < floor;
        });
    }

    // ---- census ----

    private boolean censusDue() {
        long interval = ctx.reconcileInterval().toMillis();
        long last = state.lastCensusAt() == null ? 0 : state.lastCensusAt();
        return interval > 0 && ctx.now() - last >= interval;
    }

    /** Known codes compared at a time with a range of CODING's listing (a chunk of the key set, never all of it). */
    static final int CENSUS_CHUNK = 5_000;

    /**
     * Lists every code (cheapest listing, by code ascending) and compares each page with the known codes of its range
     * (after the previous page's last code, up to its own): a known code not listed is gone, a listed code not known
     * was never seen (healed). What lies past CODING's last code is gone too, once the listing is whole.
     */
    private int census(Visitor visitor) throws Exception {
        int emitted = 0;
        long comparedUpTo = 0;
        // every code of the project: a bulk listing like a backfill's, so it waits behind the incremental polls
        var pages = ctx.client().issues(ctx.issueQuery("CODE", true), 1, CallPriority.BACKFILL);
        while (pages.hasNext()) {
            if (!ctx.emitter().isRunAllowed()) {
                return emitted;
            }
            List<ObjectNode> rows = pages.next().rows();
            if (rows.isEmpty()) {
                continue;
            }
            Set<Long> listed = new HashSet<>();
            long upTo = comparedUpTo;
            for (ObjectNode row : rows) {
                long code = IssueSchema.code(row);
                listed.add(code);
                upTo = Math.max(upTo, code);
            }
            Set<Long> knownListed = new HashSet<>();
            List<Long> gone = new ArrayList<>();
            forEachKnown(comparedUpTo, upTo, code -> (listed.contains(code) ? knownListed : gone).add(code));
            for (ObjectNode row : rows) {
                long code = IssueSchema.code(row);
                if (!knownListed.contains(code)) {
                    // Listed by CODING, never seen by us (e.g. changed while a delivery failed): heal it.
                    visitor.changed(row, IssueSchema.fromApi(row, ctx.project()), "reconcile");
                    emitted++;
                    known.add(code);
                    knownListed.add(code);
                }
            }
            for (long code : gone) {
                emitted += reportGone(code, visitor);
            }
            comparedUpTo = upTo;
            if (ctx.emitter().batchFull()) {
                ctx.emitter().flush(); // bounded memory; a failure later repeats these (the key set is unsaved)
            }
        }
        // the listing is whole: every code known past its last one is gone, a chunk at a time
        long from = comparedUpTo;
        while (true) {
            long[] chunk = known.between(from, Long.MAX_VALUE, CENSUS_CHUNK);
            for (long code : chunk) {
                emitted += reportGone(code, visitor);
            }
            if (ctx.emitter().batchFull()) {
                ctx.emitter().flush();
            }
            if (chunk.length < CENSUS_CHUNK) {
                break;
            }
            from = chunk[chunk.length - 1];
        }
        ctx.emitter().flush(); // the heals and deletes above are handed over before the key set forgets them
        state = state.withLastCensusAt(ctx.now());
        saveKeys();
        save();
        return emitted;
    }

    /** The known codes above {@code after} and at most {@code upTo}, ascending, read a chunk at a time. */
    private void forEachKnown(long after, long upTo, LongConsumer action) {
        long from = after;
        while (true) {
            long[] chunk = known.between(from, upTo, CENSUS_CHUNK);
            for (long code : chunk) {
                action.accept(code);
            }
            if (chunk.length < CENSUS_CHUNK) {
                return;
            }
            from = chunk[chunk.length - 1];
        }
    }

    /** A known issue CODING no longer lists: deleted (unless the webhook path delivered its delete), forgotten. */
    private int reportGone(long code, Visitor visitor) throws Exception {
        int emitted = 0;
        if (ctx.crossPath() == null || !ctx.crossPath().takeIssueDeleted(code)) {
            visitor.deleted(code);
            emitted++;
        }
        known.remove(code);
        seen.remove(code);
        return emitted;
    }

    private void saveKeys() {
        if (known != null) {
            known.save();
        }
    }
}
