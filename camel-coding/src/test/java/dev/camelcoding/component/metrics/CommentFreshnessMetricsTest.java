package dev.camelcoding.component.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.polling.CommentFreshness;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The comments' freshness gauges read what the poller last saved, NaN before it saved anything, and go on stop. */
class CommentFreshnessMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void gaugesShowTheSavedFreshnessAndAreRemoved() throws Exception {
        AtomicReference<Optional<CommentFreshness>> saved = new AtomicReference<>(Optional.empty());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
            List<Meter> meters = CodingMicrometer.bindCommentFreshness(camel, "web", saved::get);
            assertThat(meters).hasSize(8);
            assertThat(gauge("coding.comments.backfill.remaining")).isNaN();
            assertThat(gauge("coding.comments.read.share", "within", "1h")).isNaN();

            // 200 issues: 50 read within the hour, 120 within the day, 180 within the week, 20 unread
            long readAt = System.currentTimeMillis() - 90_000;
            saved.set(Optional.of(new CommentFreshness(200, 50, 120, 180, 20, readAt, 240, readAt, 112.4, 150, 0)));
            assertThat(gauge("coding.comments.read.share", "within", "1h")).isEqualTo(0.25);
            assertThat(gauge("coding.comments.read.share", "within", "1d")).isEqualTo(0.6);
            assertThat(gauge("coding.comments.read.share", "within", "7d")).isEqualTo(0.9);
            assertThat(gauge("coding.comments.oldest.read.age")).isBetween(90d, 3_600d);
            assertThat(gauge("coding.comments.backfill.remaining")).isEqualTo(20);
            assertThat(gauge("coding.comments.backfill.eta")).isEqualTo(240);
            assertThat(gauge("coding.comments.rescan.demand")).isEqualTo(112.4);
            assertThat(gauge("coding.comments.rescan.allowance")).isEqualTo(150);
            assertThat(registry.get("coding.comments.backfill.eta")
                            .gauge()
                            .getId()
                            .getBaseUnit())
                    .isEqualTo("seconds");

            // no issue read yet: no oldest read, not an age since 1970
            saved.set(Optional.of(new CommentFreshness(200, 0, 0, 0, 200, 0, 400, readAt, 0, 150, 0)));
            assertThat(gauge("coding.comments.oldest.read.age")).isNaN();

            CodingMicrometer.remove(camel, meters);
            assertThat(registry.find("coding.comments.rescan.demand").gauge()).isNull();
        }
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tag("project", "web").tags(tags).gauge().value();
    }

    /**
     * After the backfill (nothing left to read), the remaining work and its ETA read 0, also once the collector has
     * run: Micrometer holds a gauge's state object weakly unless told otherwise, and the consumer keeps no other
     * reference to the supplier it binds, so the gauges fell to NaN at the first full GC.
     */
    @Test
    void aCompletedBackfillReadsZeroRemainingAlsoAfterACollection() throws Exception {
        long now = System.currentTimeMillis();
        CommentFreshness done = new CommentFreshness(200, 200, 200, 200, 0, now - 1_000, 0, now, 10, 150, 0);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
            // bound as the polling consumer binds it: a lambda nothing else holds
            CodingMicrometer.bindCommentFreshness(camel, "web", () -> Optional.of(done));
            for (int collection = 0; collection < 5; collection++) {
                System.gc();
                assertThat(gauge("coding.comments.backfill.remaining")).isZero();
                assertThat(gauge("coding.comments.backfill.eta")).isZero();
            }
        }
    }
}
