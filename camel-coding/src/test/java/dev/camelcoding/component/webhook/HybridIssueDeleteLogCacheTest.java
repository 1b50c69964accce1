package dev.camelcoding.component.webhook;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;

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

    /**
     * The routes read the deletes from the log after the answer (woken by the append, or within logReadInterval):
     * usually within milliseconds, but a loaded machine may take seconds. 30 s still tells "at once" from the comments
     * backstop, an hour away in this test.
     */
    @Override
    protected void awaitRoutes(ThrowingRunnable check) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(check);
    }
}
