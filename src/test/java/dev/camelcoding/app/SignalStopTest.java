package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGTERM (Ctrl-C, a service manager's stop) ends a JVM that started an application without a minute's wait.
 * Camel Main's default shutdown strategy adds a JVM shutdown hook that only waits, up to Camel's shutdown timeout plus
 * 15 s, for the CamelContext to stop: a command's JVM sat out that minute, and {@code run}'s stop hook, when it came
 * first to the strategy's listeners, waited the minute for itself (CI: "the child did not stop within 60 s of
 * SIGTERM", the child's log: "CamelContext not yet shutdown completely after: 1m0s. Forcing shutdown").
 */
class SignalStopTest {

    /** A child JVM starts in seconds on a quiet machine, in minutes on a loaded one. */
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path data;

    @Test
    void aSignalEndsAJvmThatStartedTheApplicationWithoutWaitingForCamelsHook() throws Exception {
        try (ChildRun child = ChildRun.startMain(
                data.resolve("child"),
                StartedApplicationMain.class,
                List.of(data.resolve("state").toString()))) {
            await().atMost(START).until(() -> child.out().contains("started") || !child.alive());
            assertThat(child.alive()).as(child.err()).isTrue();

            long began = System.nanoTime();
            int code = child.stop();
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            // Camel's hook waited 60 s; without it the JVM ends as soon as its remaining hooks have run
            assertThat(took).as("from SIGTERM to the JVM's end").isLessThan(Duration.ofSeconds(15));
            assertThat(code).as("the JVM's own code for SIGTERM (128 + 15)").isEqualTo(143);
        }
    }
}
