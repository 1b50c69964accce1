package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadWhereTest {

    private static void waitingForTheLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBlockedThreadIsShownWithItsStateAndTheMethodItWaitsIn() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        Thread stuck = new Thread(() -> waitingForTheLatch(latch), "stuck-poll");
        stuck.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> stuck.getState() == Thread.State.WAITING);
            String where = ThreadWhere.of(stuck);
            assertThat(where)
                    .startsWith("stuck-poll (WAITING) at ")
                    .contains("CountDownLatch.await:")
                    .contains("ThreadWhereTest.waitingForTheLatch:")
                    .doesNotContain("\n");
        } finally {
            latch.countDown();
            stuck.join();
        }
        assertThat(ThreadWhere.of(null)).isEqualTo("none");
    }
}
