package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A limiter on a benchmark's simulated clock: one permit a minute of simulated time must not cost a minute of real
 * time. The driver moves the clock and says so ({@code clockMoved}); the waiting call takes its permit at once.
 */
class CredentialLimiterSimulatedClockTest {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ExecutorService threads = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aCallWaitingForASimulatedMinuteGoesAsSoonAsTheDriverMovesTheClock() throws Exception {
        CredentialLimiter limiter = CredentialLimiter.onClock(clock::get);
        CredentialLimiter.Lease lease = limiter.lease(1 / 60.0, "acme/one"); // one call a minute
        assertThat(lease.acquire(CallPriority.POLL, Duration.ofHours(1))).isTrue();
        assertThat(limiter.nextPermitNanos() - clock.get()).isEqualTo(MINUTE_NANOS);

        CountDownLatch granted = new CountDownLatch(1);
        threads.execute(() -> {
            try {
                if (lease.acquire(CallPriority.POLL, Duration.ofHours(1))) {
                    granted.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> limiter.waitingCalls() == 1);
        assertThat(granted.await(200, TimeUnit.MILLISECONDS))
                .as("nothing granted before the simulated minute")
                .isFalse();

        long movedAt = System.nanoTime();
        clock.set(limiter.nextPermitNanos());
        limiter.clockMoved();
        assertThat(granted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - movedAt))
                .as("granted when the clock moved, not a real minute later")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(limiter.waitingCalls()).isZero();
    }

    @Test
    void rateLimitersMakeTheirLimitersWithTheGivenFactory() {
        CredentialLimiter simulated = CredentialLimiter.onClock(clock::get);
        RateLimiters limiters = new RateLimiters(() -> simulated);
        CredentialLimiter.Lease lease =
                limiters.lease(CodingCredentials.personalToken("t0ken"), "acme.coding.net", 5, "acme/one");
        assertThat(lease.limiter()).isSameAs(simulated);
    }
}
