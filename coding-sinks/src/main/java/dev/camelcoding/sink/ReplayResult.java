package dev.camelcoding.sink;

/**
 * What a dead-letter replay did.
 *
 * @param replayed     dead letters the sink took this time
 * @param stillWaiting dead letters waiting after the replay: those that failed again and those recorded meanwhile
 */
public record ReplayResult(int replayed, long stillWaiting) {

    /** Whether nothing is left to replay. */
    public boolean complete() {
        return stillWaiting == 0;
    }
}
