package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.state.DeliveryLog;
import dev.camelcoding.component.state.DurableFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void confirmedIdsSurviveARestartUntilTheirTtl(@TempDir Path dir) {
        Path file = dir.resolve("deliveries.dat");
        DeliveryLog log = new DeliveryLog(file, Duration.ofHours(1), now::get);
        log.start();
        assertThat(log.add("a")).isTrue();
        log.confirm("a");
        assertThat(log.add("b")).isTrue(); // reserved, then failed
        log.remove("b");
        assertThat(log.add("a")).as("a redelivery").isFalse();
        log.stop();

        DeliveryLog restarted = new DeliveryLog(file, Duration.ofHours(1), now::get);
        restarted.start();
        assertThat(restarted.add("a")).as("remembered across a restart").isFalse();
        assertThat(restarted.add("b"))
                .as("a failed delivery is processed again")
                .isTrue();
        restarted.stop();

        now.addAndGet(Duration.ofHours(2).toMillis());
        DeliveryLog later = new DeliveryLog(file, Duration.ofHours(1), now::get);
        later.start();
        assertThat(later.add("a")).as("forgotten after the TTL").isTrue();
        later.stop();
    }

    @Test
    void aConfirmedIdIsForcedToDiskBeforeConfirmReturnsInAPrivateFile(@TempDir Path dir) throws Exception {
        List<String> forced = new ArrayList<>();
        DurableFiles recording = new DurableFiles(new DurableFiles.Sync() {
            @Override
            public void force(Path file, FileChannel channel) throws IOException {
                DurableFiles.FSYNC.force(file, channel);
                // what is on disk at the moment of the force: the confirmed id must already be in it
                forced.add(file.getFileName() + ":" + Files.readString(file).strip());
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                DurableFiles.FSYNC.forceDirectory(directory);
            }
        });
        Path file = dir.resolve("webhook").resolve("deliveries.dat");
        DeliveryLog log = new DeliveryLog(file, Duration.ofHours(1), now::get, recording);
        log.start();
        forced.clear();
        log.add("delivery-1");
        assertThat(forced).as("a reservation acknowledges nothing").isEmpty();
        log.confirm("delivery-1");
        assertThat(forced).containsExactly("deliveries.dat:" + now.get() + " delivery-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        log.stop();
    }

    @Test
    void aSlowFsyncDoesNotHoldUpTheNextDelivery(@TempDir Path dir) throws Exception {
        java.util.concurrent.CountDownLatch inForce = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        DurableFiles slowDisk = new DurableFiles(new DurableFiles.Sync() {
            @Override
            public void force(Path file, FileChannel channel) throws IOException {
                if (file.getFileName().toString().equals("deliveries.dat") && inForce.getCount() > 0) {
                    inForce.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                DurableFiles.FSYNC.force(file, channel);
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                DurableFiles.FSYNC.forceDirectory(directory);
            }
        });
        DeliveryLog log = new DeliveryLog(dir.resolve("deliveries.dat"), Duration.ofHours(1), now::get, slowDisk);
        log.start();
        log.add("first");
        Thread confirming = new Thread(() -> log.confirm("first"));
        confirming.start();
        inForce.await();
        // while the first delivery's fsync runs, the next delivery is reserved at once (the monitor is free)
        java.util.concurrent.CompletableFuture<Boolean> next =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> log.add("second"));
        assertThat(next.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        release.countDown();
        confirming.join(5_000);
        assertThat(log.add("first")).as("confirmed").isFalse();
        log.stop();
    }

    @Test
    void expiredIdsLeaveMemoryAndTheFileIsCompacted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deliveries.dat");
        DeliveryLog log = new DeliveryLog(file, Duration.ofMinutes(1), now::get);
        log.start();
        for (int i = 0; i < 5_000; i++) {
            log.add("id-" + i);
            log.confirm("id-" + i);
            now.addAndGet(100);
        }
        assertThat(log.size()).isLessThanOrEqualTo(601);
        assertThat(java.nio.file.Files.readAllLines(file).size()).isLessThan(5_000);
        log.stop();
    }

    @Test
    void theNumberOfIdsIsBounded() {
        DeliveryLog log = new DeliveryLog(null, Duration.ofDays(1), now::get);
        log.setMaxIds(100);
        log.start();
        for (int i = 0; i < 1_000; i++) {
            log.add("id-" + i);
        }
        assertThat(log.size()).isEqualTo(100);
        assertThat(log.add("id-999")).as("the newest are kept").isFalse();
        assertThat(log.add("id-0")).as("the oldest went first").isTrue();
    }
}
