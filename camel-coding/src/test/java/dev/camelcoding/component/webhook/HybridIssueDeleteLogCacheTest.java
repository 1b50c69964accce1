package dev.camelcoding.component.webhook;

/**
 * {@link HybridIssueDeleteTest} with the embedded change log, as the application runs by default: the source's
 * readers append the issue's and its comments' deletes to the log before the delivery is answered, and the routes
 * read them from there.
 */
class HybridIssueDeleteLogCacheTest extends HybridIssueDeleteTest {

    @Override
    protected String extraOptions() {
        return "&logCache=embedded&logReadInterval=100ms";
    }
}
