package dev.camelcoding.component.polling;

import java.util.Map;

/**
 * A resync pass of the issue reader ({@link IssueChangeReader}): a full pass in Code order that emits every issue
 * again (mode {@code resync}) and, once complete, reports deleted the issues known from earlier passes that it did not
 * see: the overwrite semantics of the listed tables, for a table read a page at a time. The codes the pass saw are
 * saved with each page ({@link #saveSeen}), so a pass resumed after a restart still knows what its earlier pages held.
 */
final class ResyncPass {

    private final PollContext ctx;
    private final String seenName;
    private final IssueReaderState state;
    /** Known codes compared with the pass's codes per query. */
    private static final int GONE_RANGE = 1_000;

    private final KeySet seen;
    private long gone;

    private ResyncPass(PollContext ctx, String stateName, IssueReaderState state, KeySet seen) {
        this.ctx = ctx;
        this.seenName = stateName + ".resync-seen";
        this.state = state;
        this.seen = seen;
    }

    /**
     * The resync pass of the issues reader: the one a stored RESYNC phase is running, or a new one when
     * {@code coding-sync resync} asked for it (the request taken now; a snapshot or catch-up under way is replaced by
     * the pass, which reads every row anyway). Null when neither.
     */
    static ResyncPass startIfAsked(PollContext ctx, String stateName, IssueReaderState current) {
        if (!IssueReaderState.ISSUES.equals(stateName)) {
            return null; // the comments table's own listing of issues is not the issues table
        }
        String seenName = stateName + ".resync-seen";
        if (ResyncRequests.takeIfPending(ctx.state(), ctx.now())) {
            IssueReaderState started = current.startingPass(ReaderPhase.RESYNC, IssueReaderState.NO_CURSOR);
            ResyncPass pass = new ResyncPass(ctx, stateName, started, KeySet.empty());
            pass.saveSeen();
            ctx.state().write(stateName, started);
            return pass;
        }
        if (current.phase() == ReaderPhase.RESYNC) {
            KeySet seen = ctx.state()
                    .read(seenName, KnownIssueCodes.class)
                    .map(KnownIssueCodes::keys)
                    .orElseGet(KeySet::empty);
            return new ResyncPass(ctx, stateName, current, seen);
        }
        return null;
    }

    /** The reader's state with the pass in it. */
    IssueReaderState state() {
        return state;
    }

    void saw(long code) {
        seen.add(code);
    }

    void saveSeen() {
        ctx.state().write(seenName, KnownIssueCodes.of(seen));
    }

    /**
     * Reports deleted (mode {@code resync}) the known codes the complete pass did not see, and forgets them; hands the
     * deletes over before the caller saves the key set without them.
     */
    void reportGone(KnownCodes known, Map<Long, String> versions, IssueChangeReader.Visitor visitor) throws Exception {
        if (known == null) {
            return;
        }
        // the known codes a range at a time (they live in the store's table, never loaded whole)
        long after = 0;
        for (long[] codes = known.between(after, Long.MAX_VALUE, GONE_RANGE);
                codes.length > 0;
                codes = known.between(after, Long.MAX_VALUE, GONE_RANGE)) {
            for (long code : codes) {
                if (!seen.contains(code)) {
                    visitor.deleted(code, "resync");
                    known.remove(code);
                    versions.remove(code);
                    gone++;
                }
            }
            after = codes[codes.length - 1];
        }
        ctx.emitter().flush();
    }

    /** The request is done: how many issues the pass saw. */
    void complete() {
        ResyncRequests.complete(ctx.state(), ctx.now(), seen.size(), gone);
        ctx.state().write(seenName, KnownIssueCodes.of(KeySet.empty()));
    }
}
