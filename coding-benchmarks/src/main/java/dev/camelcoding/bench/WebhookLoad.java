package dev.camelcoding.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The senders: {@code senders} JDK HttpClients (HTTP/1.1, one keep-alive pool each), kept for the whole benchmark.
 * <ul>
 * <li>{@link #saturated}: closed loop, one thread per client, each sending the next request as soon as its previous
 * one was answered, until all are sent; the time is from the start to the last answer.</li>
 * <li>{@link #paced}: open loop at a fixed rate. Request {@code i} is due at {@code t0 + i / rate}; a scheduler tick
 * (every 1/rate, at most 1 ms apart) sends every request that is due with {@code sendAsync}, round-robin over
 * the clients, without waiting for answers. Latency is from the due time (not the actual send) to the answer, so a
 * stalled receiver or sender is charged to every request it delayed (no coordinated omission).</li>
 * </ul>
 */
final class WebhookLoad implements AutoCloseable {

    /** A saturated run: how many were sent, how long it took, what came back. */
    record Saturated(int sent, long nanos, long non2xx, long errors, String firstProblem, long cpuNanos) {
        double perSecond() {
            return sent / (nanos / 1e9);
        }

        /** CPU time of this whole process (senders included) per delivery, in microseconds. */
        double cpuMicrosPerEvent() {
            return cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / sent;
        }
    }

    /**
     * A paced run: per-request latencies (ns, from the due time: what is reported), the same from the actual
     * sendAsync call (for diagnosis only: it leaves out how late the sender itself was), answers, and how late the
     * scheduler sent (the largest gap between a request's due time and its sendAsync call).
     */
    record Paced(
            int sent,
            long[] latencies,
            long[] fromSend,
            long non2xx,
            long errors,
            String firstProblem,
            long maxSendLagNanos,
            long spanNanos,
            long gcCount,
            long gcMillis) {

        double percentileMillis(double p) {
            return percentile(latencies, p);
        }

        double fromSendPercentileMillis(double p) {
            return percentile(fromSend, p);
        }

        private static double percentile(long[] values, double p) {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double maxMillis() {
            return Arrays.stream(latencies).max().orElse(0) / 1e6;
        }

        /** The offered rate actually achieved: requests over the time between the first and the last due time. */
        double offeredPerSecond() {
            return sent <= 1 ? 0 : (sent - 1) / (spanNanos / 1e9);
        }
    }

    private final List<HttpClient> clients = new ArrayList<>();

    WebhookLoad(int senders) {
        for (int k = 0; k < senders; k++) {
            clients.add(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
        }
    }

    int senders() {
        return clients.size();
    }

    Saturated saturated(WebhookWorkload.Deliveries requests, long timeoutSeconds) throws InterruptedException {
        int n = requests.size();
        AtomicInteger next = new AtomicInteger();
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(clients.size());
        AtomicLong lastAnswer = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (HttpClient client : clients) {
            Thread t = new Thread(
                    () -> {
                        try {
                            start.await();
                            int i;
                            while ((i = next.getAndIncrement()) < n) {
                                try {
                                    HttpResponse<byte[]> response =
                                            client.send(requests.request(i), HttpResponse.BodyHandlers.ofByteArray());
                                    if (response.statusCode() / 100 != 2) {
                                        non2xx.incrementAndGet();
                                        problem.compareAndSet(
                                                null,
                                                "HTTP " + response.statusCode() + " "
                                                        + new String(response.body(), StandardCharsets.UTF_8));
                                    }
                                } catch (java.io.IOException e) {
                                    errors.incrementAndGet();
                                    problem.compareAndSet(null, e.toString());
                                }
                            }
                            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            finished.countDown();
                        }
                    },
                    "bench-sender-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        start.countDown();
        if (!finished.await(timeoutSeconds, TimeUnit.SECONDS)) {
            next.set(n);
            throw new IllegalStateException("saturated run: not finished after " + timeoutSeconds + " s");
        }
        long cpu = processCpuNanos();
        return new Saturated(
                n,
                lastAnswer.get() - t0,
                non2xx.get(),
                errors.get(),
                problem.get(),
                cpu0 < 0 || cpu < 0 ? -1 : cpu - cpu0);
    }

    Paced paced(WebhookWorkload.Deliveries requests, int rate, long timeoutSeconds) throws InterruptedException {
        int n = requests.size();
        long period = Math.max(1, 1_000_000_000L / rate);
        long tick = Math.min(period, 1_000_000L);
        long[] latencies = new long[n];
        long[] fromSend = new long[n];
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> problem = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(n);
        long[] maxLag = new long[1];
        int[] nextIndex = new int[1];
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-pacer");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime() + 20_000_000L;
        Runnable send = () -> {
            long now = System.nanoTime();
            while (nextIndex[0] < n && t0 + nextIndex[0] * period <= now) {
                int i = nextIndex[0]++;
                long due = t0 + i * period;
                long sentAt = System.nanoTime();
                if (sentAt - due > maxLag[0]) {
                    maxLag[0] = sentAt - due;
                }
                CompletableFuture<HttpResponse<byte[]>> answer;
                try {
                    answer = clients.get(i % clients.size())
                            .sendAsync(requests.request(i), HttpResponse.BodyHandlers.ofByteArray());
                } catch (RuntimeException e) {
                    answer = CompletableFuture.failedFuture(e); // keep pacing; counted below
                }
                answer.whenComplete((response, failure) -> {
                    long answeredAt = System.nanoTime();
                    latencies[i] = answeredAt - due;
                    fromSend[i] = answeredAt - sentAt;
                    if (failure != null) {
                        errors.incrementAndGet();
                        problem.compareAndSet(null, failure.toString());
                    } else if (response.statusCode() / 100 != 2) {
                        non2xx.incrementAndGet();
                        problem.compareAndSet(
                                null,
                                "HTTP " + response.statusCode() + " "
                                        + new String(response.body(), StandardCharsets.UTF_8));
                    }
                    answered.countDown();
                });
            }
        };
        ScheduledFuture<?> pacing =
                scheduler.scheduleAtFixedRate(send, Math.max(0, t0 - System.nanoTime()), tick, TimeUnit.NANOSECONDS);
        try {
            if (!answered.await(timeoutSeconds + (long) n / rate, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "paced run: " + answered.getCount() + " of " + n + " requests unanswered after the timeout");
            }
        } finally {
            pacing.cancel(false);
            scheduler.shutdown();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        return new Paced(
                n,
                latencies,
                fromSend,
                non2xx.get(),
                errors.get(),
                problem.get(),
                maxLag[0],
                (n - 1) * period,
                gcCount() - gcCount0,
                gcMillis() - gcMillis0);
    }

    /** CPU time used by this JVM so far (all threads), or -1 when the platform does not tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .filter(c -> c > 0)
                .sum();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(c -> c > 0)
                .sum();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end when it is unreachable.
        clients.clear();
    }
}
