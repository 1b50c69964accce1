package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitersTest {

    private static final CodingCredentials TOKEN = CodingCredentials.personalToken("one-token");

    @Test
    void oneCredentialSharesOneLimiterAndTheLowestOpenRateWins() {
        RateLimiters limiters = new RateLimiters();
        CredentialLimiter.Lease fast = limiters.lease(TOKEN, "h", 20);
        CredentialLimiter.Lease slow = limiters.lease(CodingCredentials.personalToken("one-token"), "h", 4);

        assertThat(limiters.rateFor(TOKEN, "h")).isEqualTo(4);
        assertThat(fast.limiter()).as("both clients use the same limiter").isSameAs(slow.limiter());
        slow.close();
        assertThat(limiters.rateFor(TOKEN, "h"))
                .as("the rate rises when the slow client goes")
                .isEqualTo(20);
        fast.close();
        assertThat(limiters.rateFor(TOKEN, "h")).isZero();
    }

    @Test
    void twoOwnersOfTheSameTokenHaveBudgetsOfTheirOwn() {
        // two components (two CamelContexts, or two tests) no longer meet in a JVM-wide map
        RateLimiters one = new RateLimiters();
        RateLimiters other = new RateLimiters();
        one.lease(TOKEN, "h", 2);
        other.lease(TOKEN, "h", 9);
        assertThat(one.rateFor(TOKEN, "h")).isEqualTo(2);
        assertThat(other.rateFor(TOKEN, "h")).isEqualTo(9);
        assertThat(one.limiter(TOKEN, "h")).isNotEqualTo(other.limiter(TOKEN, "h"));
    }

    @Test
    void theLimiterServesAWebhookRefetchAheadOfWaitingCommentReads() throws Exception {
        RateLimiters limiters = new RateLimiters();
        CredentialLimiter.Lease lease = limiters.lease(TOKEN, "h", 100);
        // while a slow client holds a lease, the next permit is 100 s away: every call below queues
        CredentialLimiter.Lease slow = limiters.lease(TOKEN, "h", 0.01);
        CredentialLimiter limiter = lease.limiter();
        assertThat(lease.acquire(CallPriority.POLL, Duration.ofSeconds(1))).isTrue();
        List<CallPriority> served = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(5);
        CountDownLatch done = new CountDownLatch(5);
        try {
            for (int i = 0; i < 3; i++) {
                threads.execute(() -> take(lease, CallPriority.RESCAN, served, done));
            }
            threads.execute(() -> take(lease, CallPriority.COMMENT_READ, served, done));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> limiter.waiting(CallPriority.RESCAN) == 3
                            && limiter.waiting(CallPriority.COMMENT_READ) == 1);
            threads.execute(() -> take(lease, CallPriority.WEBHOOK_REFETCH, served, done));
            await().atMost(Duration.ofSeconds(5)).until(() -> limiter.waiting(CallPriority.WEBHOOK_REFETCH) == 1);
            slow.close(); // the rate is 100/s again: the queue is served, in priority order
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
        assertThat(served).hasSize(5);
        assertThat(served.get(0))
                .as("the refetch came last and was served first")
                .isEqualTo(CallPriority.WEBHOOK_REFETCH);
        assertThat(served.get(1)).isEqualTo(CallPriority.COMMENT_READ);
        assertThat(served.subList(2, 5)).containsOnly(CallPriority.RESCAN);
    }

    @Test
    void verifyListingsAreServedAfterEveryOtherWaitingCall() throws Exception {
        RateLimiters limiters = new RateLimiters();
        CredentialLimiter.Lease lease = limiters.lease(TOKEN, "h", 100);
        CredentialLimiter.Lease slow = limiters.lease(TOKEN, "h", 0.01); // every call below queues
        CredentialLimiter limiter = lease.limiter();
        assertThat(lease.acquire(CallPriority.POLL, Duration.ofSeconds(1))).isTrue();
        List<CallPriority> served = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch done = new CountDownLatch(3);
        try {
            threads.execute(() -> take(lease, CallPriority.VERIFY, served, done));
            await().atMost(Duration.ofSeconds(5)).until(() -> limiter.waiting(CallPriority.VERIFY) == 1);
            threads.execute(() -> take(lease, CallPriority.RESCAN, served, done));
            threads.execute(() -> take(lease, CallPriority.POLL, served, done));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> limiter.waiting(CallPriority.RESCAN) == 1 && limiter.waiting(CallPriority.POLL) == 1);
            slow.close();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            threads.shutdownNow();
        }
        assertThat(served)
                .as("verify queued first and was served last")
                .containsExactly(CallPriority.POLL, CallPriority.RESCAN, CallPriority.VERIFY);
    }

    @Test
    void permitsAreSpacedEvenly() throws Exception {
        CredentialLimiter.Lease lease = new RateLimiters().lease(TOKEN, "h", 20); // 50 ms apart
        long start = System.nanoTime();
        for (int i = 0; i < 6; i++) {
            assertThat(lease.acquire(CallPriority.POLL, Duration.ofSeconds(2))).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    private static void take(
            CredentialLimiter.Lease lease, CallPriority priority, List<CallPriority> served, CountDownLatch done) {
        try {
            if (lease.acquire(priority, Duration.ofSeconds(30))) {
                served.add(priority);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }
}
