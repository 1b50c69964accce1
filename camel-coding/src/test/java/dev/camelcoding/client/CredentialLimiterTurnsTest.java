package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limiter on a clock moved by hand: no permit falls due until the test moves the clock one interval, so the order
 * in which waiting calls are served depends on the limiter's rule alone, not on which thread wakes first.
 */
class CredentialLimiterTurnsTest {

    private static final long INTERVAL_NANOS = 10_000_000L; // 100 calls/s

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final CredentialLimiter limiter = new CredentialLimiter(clock::get);
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> served = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void anIncrementalPollGoesFirstThenTheBackfillsTakeTurnsBySource() throws Exception {
        CredentialLimiter.Lease large = limiter.lease(100, "acme/large");
        CredentialLimiter.Lease small = limiter.lease(100, "acme/small");
        CredentialLimiter.Lease other = limiter.lease(100, "acme/other");
        assertThat(large.acquire(CallPriority.BACKFILL, Duration.ofSeconds(1)))
                .as("an idle limiter grants at once")
                .isTrue();
        // the large project has three readers waiting (issues, and two others of its own) before the small one asks
        for (int i = 0; i < 3; i++) {
            take(large, CallPriority.BACKFILL, "large");
        }
        await().until(() -> limiter.waiting(CallPriority.BACKFILL) == 3);
        take(small, CallPriority.BACKFILL, "small");
        await().until(() -> limiter.waiting(CallPriority.BACKFILL) == 4);
        take(other, CallPriority.POLL, "other poll");
        await().until(() -> limiter.waiting(CallPriority.POLL) == 1);

        for (int permit = 1; permit <= 5; permit++) {
            clock.addAndGet(INTERVAL_NANOS);
            int expected = permit;
            await().atMost(Duration.ofSeconds(10)).until(() -> served.size() == expected);
            assertThat(served).as("one permit per interval, never a burst").hasSize(permit);
        }
        assertThat(served)
                .as("the other project's incremental poll first; then the small project, served least recently")
                .containsExactly("other poll", "small", "large", "large", "large");
        assertThat(limiter.granted(CallPriority.BACKFILL)).isEqualTo(5);
        assertThat(limiter.granted(CallPriority.POLL)).isEqualTo(1);
    }

    @Test
    void twoBackfillsWaitingTogetherAlternatePermitForPermit() throws Exception {
        CredentialLimiter.Lease large = limiter.lease(100, "acme/large");
        CredentialLimiter.Lease small = limiter.lease(100, "acme/small");
        assertThat(large.acquire(CallPriority.BACKFILL, Duration.ofSeconds(1))).isTrue();
        for (int i = 0; i < 4; i++) {
            take(large, CallPriority.BACKFILL, "large");
        }
        await().until(() -> limiter.waiting(CallPriority.BACKFILL) == 4);
        for (int i = 0; i < 2; i++) {
            take(small, CallPriority.BACKFILL, "small");
        }
        await().until(() -> limiter.waiting(CallPriority.BACKFILL) == 6);
        for (int permit = 1; permit <= 6; permit++) {
            clock.addAndGet(INTERVAL_NANOS);
            int expected = permit;
            await().atMost(Duration.ofSeconds(10)).until(() -> served.size() == expected);
        }
        assertThat(served)
                .as("the small project's two pages end with the 4th permit, not after the large one's four")
                .containsExactly("small", "large", "small", "large", "large", "large");
    }

    private void take(CredentialLimiter.Lease lease, CallPriority priority, String name) {
        threads.execute(() -> {
            try {
                if (lease.acquire(priority, Duration.ofSeconds(60))) {
                    served.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
