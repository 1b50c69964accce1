package dev.camelcoding.component.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The comments a webhook consumer emitted, with the version it emitted and the payload stamp (comment id and
 * UpdatedAt) of the delivery that carried it, so a replayed ISSUE_COMMENT_CREATED (CODING retries, or a re-send with
 * a fresh delivery id) is answered without a refetch and without an event: an unchanged comment is not a change, as
 * for issues. In memory and bounded (the least recently delivered go first); after a restart a replay costs one
 * refetch and is then recognised by its version, or at worst repeats one event the dedup key lets sinks drop.
 */
public final class CommentVersions {

    public static final int DEFAULT_MAX_COMMENTS = 200_000;

    private record Emitted(String payloadStamp, String version, long issueCode, long commentId) {}

    private final Map<String, Emitted> emitted;

    public CommentVersions() {
        this(DEFAULT_MAX_COMMENTS);
    }

    public CommentVersions(int maxComments) {
        this.emitted = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Emitted> eldest) {
                return size() > maxComments;
            }
        };
    }

    /** Whether a delivery with this payload stamp was already turned into the event we emitted last for the key. */
    public synchronized boolean deliveredBefore(String key, String payloadStamp) {
        Emitted last = emitted.get(key);
        return last != null && last.payloadStamp().equals(payloadStamp);
    }

    /** Whether {@code version} is the version we emitted last for the key. */
    public synchronized boolean isLastEmitted(String key, String version) {
        Emitted last = emitted.get(key);
        return last != null && last.version().equals(version);
    }

    public synchronized void emitted(String key, long issueCode, long commentId, String payloadStamp, String version) {
        emitted.put(key, new Emitted(payloadStamp, version, issueCode, commentId));
    }

    /**
     * The ids of the comments of an issue emitted and not deleted since, for the tombstones of a deleted issue. A
     * scan (the issue is not indexed): an issue delete is rare, and the map is bounded.
     */
    public synchronized java.util.Set<Long> commentIdsOf(long issueCode) {
        java.util.Set<Long> ids = new java.util.TreeSet<>();
        for (Emitted comment : emitted.values()) {
            if (comment.issueCode() == issueCode) {
                ids.add(comment.commentId());
            }
        }
        return ids;
    }

    /** A payload stamp of a delivery: after a replay it is the same. */
    public synchronized void remember(String key, String payloadStamp) {
        Emitted last = emitted.get(key);
        if (last != null) {
            emitted.put(key, new Emitted(payloadStamp, last.version(), last.issueCode(), last.commentId()));
        }
    }

    public synchronized void deleted(String key) {
        emitted.remove(key);
    }
}
