package dev.camelcoding.component.polling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The comment index in the reader's state, for a component used without a store: held whole in memory, persisted in
 * {@value #BUCKETS} buckets by code: one state document per issue would put 100,000 entries in the state store, one
 * document for all would rewrite megabytes after every read. A bucket holds some 25 issues at 100,000, so saving what
 * one read changed rewrites a few kilobytes; only buckets changed since the last save are written. The application
 * keeps the index in the store instead ({@link StoredCommentIndex}), where memory does not grow with the project.
 */
final class StateCommentIndex implements CommentIndex {

    static final int BUCKETS = 4096;
    static final String PREFIX = "comments.index/";

    /** One stored bucket. */
    record Bucket(List<CommentedIssue> issues) {
        Bucket {
            issues = issues == null ? List.of() : List.copyOf(issues);
        }
    }

    /**
     * Written by the poll thread only; concurrent so that the comments webhook consumer may read an issue's comments
     * from a delivery's thread (see {@link CommentsPoller#knownComments}). Sorted, for {@link #codesBetween}.
     */
    private final ConcurrentSkipListMap<Long, CommentedIssue> issues = new ConcurrentSkipListMap<>();
    /** The codes of each bucket, so saving a bucket does not walk every issue. */
    private final Map<Integer, Set<Long>> codesByBucket = new HashMap<>();

    private final Set<Integer> dirty = new TreeSet<>();
    private boolean seeded;
    private boolean progressDirty;

    static StateCommentIndex load(StateStore state) {
        StateCommentIndex index = new StateCommentIndex();
        // an index the store kept is not in these buckets: then the listing is seen whole again
        index.seeded = state.read(PROGRESS, Progress.class)
                .map(p -> p.seeded() && !p.stored())
                .orElse(false);
        for (int b = 0; b < BUCKETS; b++) {
            index.loadBucket(state, b);
        }
        return index;
    }

    private void loadBucket(StateStore state, int b) {
        state.read(PREFIX + b, Bucket.class).ifPresent(bucket -> bucket.issues().forEach(this::add));
    }

    /** Writes the buckets (and the progress) changed since the last save; the caller has flushed the emitter. */
    @Override
    public void save(StateStore state) {
        if (dirty.isEmpty() && !progressDirty) {
            return;
        }
        for (int b : dirty) {
            List<CommentedIssue> bucket = new ArrayList<>();
            for (long code : codesByBucket.getOrDefault(b, Set.of())) {
                bucket.add(issues.get(code));
            }
            state.write(PREFIX + b, new Bucket(bucket));
        }
        dirty.clear();
        if (progressDirty) {
            state.write(PROGRESS, new Progress(seeded, false));
            progressDirty = false;
        }
    }

    /** The changed buckets are loaded again as saved. */
    @Override
    public void forgetUnsaved(StateStore state) {
        for (int b : dirty) {
            for (long code : codesByBucket.getOrDefault(b, Set.of())) {
                issues.remove(code);
            }
            codesByBucket.remove(b);
            loadBucket(state, b);
        }
        dirty.clear();
        if (progressDirty) {
            seeded = false; // the listing that seeded it was not saved whole
            progressDirty = false;
        }
    }

    @Override
    public void commit(Runnable work) {
        work.run(); // a state repository has no transaction to share
    }

    /** None that takes memory of its own or hides from the queries: the whole index is in memory anyway. */
    @Override
    public int unsaved() {
        return 0;
    }

    private static int bucket(long code) {
        return (int) Math.floorMod(code, (long) BUCKETS);
    }

    @Override
    public CommentedIssue get(long code) {
        return issues.get(code);
    }

    @Override
    public void put(CommentedIssue issue) {
        add(issue);
        dirty.add(bucket(issue.code()));
    }

    private void add(CommentedIssue issue) {
        if (issues.put(issue.code(), issue) == null) {
            codesByBucket
                    .computeIfAbsent(bucket(issue.code()), b -> new HashSet<>())
                    .add(issue.code());
        }
    }

    @Override
    public void remove(long code) {
        if (issues.remove(code) != null) {
            codesByBucket.getOrDefault(bucket(code), new HashSet<>()).remove(code);
            dirty.add(bucket(code));
        }
    }

    @Override
    public long size() {
        return issues.size();
    }

    @Override
    public boolean seeded() {
        return seeded;
    }

    @Override
    public void markSeeded() {
        if (!seeded) {
            seeded = true;
            progressDirty = true;
        }
    }

    @Override
    public long newestUpdatedAt() {
        long newest = 0;
        for (CommentedIssue issue : issues.values()) {
            newest = Math.max(newest, issue.updatedAt());
        }
        return newest;
    }

    @Override
    public void forgetReads() {
        for (CommentedIssue issue : List.copyOf(issues.values())) {
            put(issue.forgotten());
        }
    }

    @Override
    public long[] codesBetween(long after, long upTo, int limit) {
        if (after >= upTo) {
            return new long[0];
        }
        NavigableMap<Long, CommentedIssue> range = issues.subMap(after, false, upTo, true);
        return range.keySet().stream().mapToLong(Long::longValue).limit(limit).toArray();
    }

    @Override
    public Iterable<CommentedIssue> dueRescans(CommentSchedule schedule, long now, int limit) {
        return schedule.dueRescans(issues.values(), now, limit);
    }

    @Override
    public Iterable<CommentedIssue> spareRescans(CommentSchedule schedule, long now, int limit, long minUnreadMillis) {
        return schedule.spareRescans(issues.values(), now, limit, minUnreadMillis);
    }

    @Override
    public Iterable<CommentedIssue> backfill(int limit) {
        return CommentSchedule.backfill(issues.values(), limit);
    }

    @Override
    public CommentFreshness.Reads reads(long now) {
        return CommentFreshness.Reads.of(issues.values(), now);
    }

    @Override
    public double demandPerSecond(CommentSchedule schedule, long now) {
        return schedule.demandPerSecond(issues.values(), now);
    }
}
