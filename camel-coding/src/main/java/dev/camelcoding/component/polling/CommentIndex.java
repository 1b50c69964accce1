package dev.camelcoding.component.polling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The comments table's knowledge of every issue ({@link CommentedIssue}), in memory, persisted in {@value #BUCKETS}
 * buckets by code: one state document per issue would put 100,000 entries in the state store, one document for all
 * would rewrite megabytes after every read. A bucket holds some 25 issues at 100,000, so saving what one read changed
 * rewrites a few kilobytes; only buckets changed since the last save are written.
 */
final class CommentIndex {

    static final int BUCKETS = 4096;
    static final String PREFIX = "comments.index/";
    static final String PROGRESS = "comments.progress";

    /** One stored bucket. */
    record Bucket(List<CommentedIssue> issues) {
        Bucket {
            issues = issues == null ? List.of() : List.copyOf(issues);
        }
    }

    /**
     * Whether every issue is known: the issues listing was seen whole (a snapshot fed, or a pass of our own), so the
     * backfill may start with the most recent issues and not with whichever the listing happened to give first.
     */
    record Progress(boolean seeded) {}

    /**
     * Written by the poll thread only; concurrent so that the comments webhook consumer may read an issue's comments
     * from a delivery's thread (see {@link CommentsPoller#knownComments}).
     */
    private final Map<Long, CommentedIssue> issues = new java.util.concurrent.ConcurrentHashMap<>();
    /** The codes of each bucket, so saving a bucket does not walk every issue. */
    private final Map<Integer, Set<Long>> codesByBucket = new HashMap<>();

    private final Set<Integer> dirty = new TreeSet<>();
    private boolean seeded;
    private boolean progressDirty;

    static CommentIndex load(StateStore state) {
        CommentIndex index = new CommentIndex();
        index.seeded =
                state.read(PROGRESS, Progress.class).map(Progress::seeded).orElse(false);
        for (int b = 0; b < BUCKETS; b++) {
            state.read(PREFIX + b, Bucket.class)
                    .ifPresent(bucket -> bucket.issues().forEach(index::add));
        }
        return index;
    }

    /** Writes the buckets (and the progress) changed since the last save; the caller has flushed the emitter. */
    void save(StateStore state) {
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
            state.write(PROGRESS, new Progress(seeded));
            progressDirty = false;
        }
    }

    /** Unsaved changes, for a checkpoint every so many reads. */
    int dirtyBuckets() {
        return dirty.size();
    }

    private static int bucket(long code) {
        return (int) Math.floorMod(code, (long) BUCKETS);
    }

    CommentedIssue get(long code) {
        return issues.get(code);
    }

    void put(CommentedIssue issue) {
        add(issue);
        dirty.add(bucket(issue.code()));
    }

    private void add(CommentedIssue issue) {
        if (issues.put(issue.code(), issue) == null) {
            codesByBucket
                    .computeIfAbsent(bucket(issue.code()), b -> new java.util.HashSet<>())
                    .add(issue.code());
        }
    }

    void remove(long code) {
        if (issues.remove(code) != null) {
            codesByBucket.getOrDefault(bucket(code), new java.util.HashSet<>()).remove(code);
            dirty.add(bucket(code));
        }
    }

    Collection<CommentedIssue> all() {
        return issues.values();
    }

    int size() {
        return issues.size();
    }

    boolean seeded() {
        return seeded;
    }

    void markSeeded() {
        if (!seeded) {
            seeded = true;
            progressDirty = true;
        }
    }

    /** The newest UpdatedAt listed (0 when no issue is known). */
    long newestUpdatedAt() {
        long newest = 0;
        for (CommentedIssue issue : issues.values()) {
            newest = Math.max(newest, issue.updatedAt());
        }
        return newest;
    }
}
