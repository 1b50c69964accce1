package dev.camelcoding.component.polling;

/**
 * A resync of the comments table ({@code coding-sync resync --table comments}): every issue's comments made due again
 * by marking them unread, so the backfill re-reads them all within the comment budget. The ids read before are kept
 * with an empty version: every comment differs (and is emitted again), and a comment CODING no longer lists is still
 * known, so its delete is emitted.
 */
final class CommentResync {

    private CommentResync() {}

    /** Takes a pending request: the index marked unread and saved by {@code checkpoint} before the request is taken. */
    static boolean startIfAsked(PollContext ctx, CommentIndex index, CheckedRunnable checkpoint) throws Exception {
        boolean pending =
                ResyncRequests.current(ctx.state()).map(ResyncRequest::pending).orElse(false);
        if (!pending) {
            return false;
        }
        index.forgetReads();
        checkpoint.run(); // the index unread is durable before the request says it is taken
        return ResyncRequests.takeIfPending(ctx.state(), ctx.now());
    }

    /** Completes the running request once every issue's comments were read again. */
    static void completeIfRead(PollContext ctx, CommentFreshness freshness) {
        if (freshness.unread() == 0 && ResyncRequests.running(ctx.state())) {
            ResyncRequests.complete(ctx.state(), ctx.now(), freshness.issues(), 0);
        }
    }

    /** A step that may fail (the poller's checkpoint). */
    interface CheckedRunnable {
        void run() throws Exception;
    }
}
