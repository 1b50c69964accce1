package dev.camelcoding.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap use during one run, measured two ways: the sum of the heap pools' peak usage (reset before the run; an upper
 * bound, as the pools peak at different moments) and the largest total in use seen by a sampler thread every 10 ms.
 */
final class HeapMeter implements AutoCloseable {

    private final List<MemoryPoolMXBean> pools;
    private final long base;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long sampledPeak;

    private HeapMeter() {
        pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
                .toList();
        System.gc();
        base = used();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        sampledPeak = base;
        sampler = new Thread(
                () -> {
                    while (running) {
                        long u = used();
                        if (u > sampledPeak) {
                            sampledPeak = u;
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Collects garbage, resets the pools' peaks and starts sampling. */
    static HeapMeter start() {
        return new HeapMeter();
    }

    long base() {
        return base;
    }

    long poolsPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : pools) {
            sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }

    long sampledPeak() {
        long u = used();
        return Math.max(sampledPeak, u);
    }

    private long used() {
        long sum = 0;
        for (MemoryPoolMXBean pool : pools) {
            sum += pool.getUsage().getUsed();
        }
        return sum;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
