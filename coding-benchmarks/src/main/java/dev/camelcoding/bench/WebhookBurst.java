package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.HookDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A burst of issue edits made in CODING (the simulator) on a thread of its own, each sent to the registered Service
 * Hook as a signed ISSUE_UPDATED delivery before the edit returns (the simulator delivers synchronously, with CODING's
 * timeout). It keeps editing whether the receiver answers, is killed or is starting again: what a real CODING does. The
 * simulator's own delivery log says what each delivery got, so the figures come from the sender's side.
 */
final class WebhookBurst implements AutoCloseable {

    /** Edits per second at most: a kill lands among deliveries, and a dead receiver is not flooded. */
    private static final int RATE = 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CodingSimulator sim;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile RuntimeException failure;

    private WebhookBurst(CodingSimulator sim, long seed) {
        this.sim = sim;
        this.random = new Random(seed);
        this.thread = new Thread(this::edit, "webhook-burst");
    }

    /** Starts editing random issues of {@code sim}, whose hook must be registered. */
    static WebhookBurst start(CodingSimulator sim, long seed) {
        WebhookBurst burst = new WebhookBurst(sim, seed);
        burst.thread.start();
        return burst;
    }

    private void edit() {
        int[] codes = sim.data().issueCodes();
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        long next = System.nanoTime();
        try {
            while (running.get()) {
                int code = codes[random.nextInt(codes.length)];
                sim.updateIssue(code, edit -> edit.name("burst edit " + random.nextInt(1_000_000)));
                // the pace of CODING's users, not of the receiver's answers; after a slow answer it goes on at that
                // pace, without a catch-up flood
                next = Math.max(next + interval, System.nanoTime());
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    /** Stops editing and waits for the delivery in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw new IllegalStateException("the burst stopped: " + failure.getMessage(), failure);
        }
    }

    /** The issue deliveries sent so far (oldest first). */
    List<HookDelivery> deliveries() {
        return sim.deliveries().stream()
                .filter(d -> d.event().startsWith("ISSUE_"))
                .toList();
    }

    /** The issue and version a delivery carried: its {@code issue.code} and {@code issue.updated_at}. */
    static IssueVersion versionOf(HookDelivery delivery) {
        try {
            JsonNode issue = JSON.readTree(delivery.body()).path("issue");
            return new IssueVersion(
                    issue.path("code").asLong(), issue.path("updated_at").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("delivery " + delivery.deliveryId() + " is not JSON", e);
        }
    }

    /** One issue at one version. */
    record IssueVersion(long code, long version) {}
}
