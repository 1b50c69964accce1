package dev.camelcoding.component.polling;

/**
 * The comments table's knowledge of every issue ({@link CommentedIssue}): which issues exist, when each was last read
 * and the version of each comment read. In the store ({@link StoredCommentIndex}, the application's path: a row per
 * issue, queried, never held whole, so the reader's memory does not grow with the project) or, without a store, in
 * the reader's state ({@link StateCommentIndex}: held whole, saved in buckets, for a component used on its own).
 *
 * <p>Changes wait in memory until {@link #save}, which the poller calls inside {@link #commit} together with the
 * state writes that hand over the events those changes cover: the events, the index and the figures commit together
 * or not at all. The schedule's queries ({@link #dueRescans}, {@link #backfill}, ...) see what was saved.
 */
interface CommentIndex {

    /** Where the poller keeps whether the index is whole (read by status too). */
    String PROGRESS = "comments.progress";

    /**
     * Whether every issue is known: the issues listing was seen whole (a snapshot fed, or a pass of our own), so the
     * backfill may start with the most recent issues and not with whichever the listing happened to give first.
     *
     * @param stored whether the index it speaks of is the store's (an index kept in the state by an earlier build is
     *               not the store's table: that one starts unseeded, and is seeded again)
     */
    record Progress(boolean seeded, boolean stored) {}

    /** The index of the comments reader whose state is {@code state}: in the store when {@code state} has one. */
    static CommentIndex load(StateStore state) {
        return state.store()
                .<CommentIndex>map(store -> StoredCommentIndex.load(store, state))
                .orElseGet(() -> StateCommentIndex.load(state));
    }

    /** The issue as last read or listed (unsaved changes included); null when unknown. Safe from any thread. */
    CommentedIssue get(long code);

    void put(CommentedIssue issue);

    void remove(long code);

    /** The issues known. */
    long size();

    boolean seeded();

    void markSeeded();

    /** The newest UpdatedAt listed (0 when no issue is known). */
    long newestUpdatedAt();

    /**
     * A resync: every issue unread, and the version of each comment read forgotten (kept as "", so every comment is
     * emitted again and a comment CODING no longer lists is still known, so its delete is emitted).
     */
    void forgetReads();

    /** At most {@code limit} known codes above {@code after} and at most {@code upTo}, ascending (saved ones). */
    long[] codesBetween(long after, long upTo, int limit);

    /** The {@code limit} read issues most overdue at {@code now}, overdue ones only ({@link CommentSchedule#dueRescans}). */
    Iterable<CommentedIssue> dueRescans(CommentSchedule schedule, long now, int limit);

    /** What spare rescan credit buys ({@link CommentSchedule#spareRescans}). */
    Iterable<CommentedIssue> spareRescans(CommentSchedule schedule, long now, int limit, long minUnreadMillis);

    /** The issues never read, most recently updated first ({@link CommentSchedule#backfill}). */
    Iterable<CommentedIssue> backfill(int limit);

    /** How many issues were read when, as of {@code now}. */
    CommentFreshness.Reads reads(long now);

    /** The rescan calls per second the schedule needs ({@link CommentSchedule#demandPerSecond}). */
    double demandPerSecond(CommentSchedule schedule, long now);

    /**
     * Changes held apart until the next save, unseen by the schedule's queries: the poller saves before it ranks, and
     * before they pile up (0 for an index held whole, whose queries see every change).
     */
    int unsaved();

    /** Runs {@code work} in one transaction of the store (where there is one): {@link #save} and the state writes. */
    void commit(Runnable work);

    /** Writes the changes made since the last save (and the progress). */
    void save(StateStore state);

    /**
     * Forgets the changes made since the last save: the poll failed, and the events they covered were discarded, so
     * those issues are read again against what was saved.
     */
    void forgetUnsaved(StateStore state);
}
