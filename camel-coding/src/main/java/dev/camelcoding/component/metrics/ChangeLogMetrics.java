package dev.camelcoding.component.metrics;

import dev.camelcoding.component.changelog.ChangeLogStatus;
import dev.camelcoding.component.changelog.ConsumerLag;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.changelog.SourceStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change log as gauges: per source its head, tail and size and whether a node reads it, per consumer its lag
 * (head minus committed offset). The values come from one {@link ChangeLogStatus} snapshot, taken again when a gauge
 * is read and the last one is older than {@code maxAge} (one query round per scrape, not one per gauge). Sources and
 * consumers that appear later get their gauges on the first snapshot that sees them; {@value #SOURCES} is read on
 * every scrape, so a new source is found without a restart.
 */
public final class ChangeLogMetrics implements MeterBinder {

    public static final String SOURCES = "coding.log.sources";
    public static final String HEAD = "coding.log.head";
    public static final String TAIL = "coding.log.tail";
    public static final String SIZE = "coding.log.size";
    /** 1 while a node holds the source's reader lease (and it has not run out), else 0. */
    public static final String READER = "coding.log.reader.active";

    public static final String CONSUMER_LAG = "coding.log.consumer.lag";

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLogMetrics.class);

    private final ChangeLogStatus status;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<SourceId, SourceStatus> sources = new ConcurrentHashMap<>();
    /** Consumers by source and name: a lag gauge per pair. */
    private final Map<List<String>, ConsumerLag> consumers = new ConcurrentHashMap<>();

    private final Object refreshing = new Object();
    private volatile long takenAtMillis = Long.MIN_VALUE;
    private MeterRegistry registry;

    /** Gauges over {@code status}, read again at most once a second. */
    public ChangeLogMetrics(ChangeLogStatus status) {
        this(status, Duration.ofSeconds(1), Clock.systemUTC());
    }

    public ChangeLogMetrics(ChangeLogStatus status, Duration maxAge, Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        // Micrometer holds a gauge's object weakly: nothing else keeps this binder alive once bound (the component
        // binds and forgets it), so without strong references the gauges would read NaN after the next GC
        Gauge.builder(SOURCES, this, metrics -> metrics.fresh().size())
                .strongReference(true)
                .description("Sources in the CODING change log")
                .register(registry);
        refresh();
    }

    /** Takes a new snapshot now and registers the gauges of sources and consumers seen for the first time. */
    public void refresh() {
        synchronized (refreshing) {
            List<SourceStatus> snapshot;
            try {
                snapshot = status.sources();
            } catch (RuntimeException e) {
                // a database that is down: the gauges keep their last values (their age is in the log)
                LOG.warn("Cannot read the change log for its metrics: {}", e.getMessage());
                takenAtMillis = clock.millis();
                return;
            }
            for (SourceStatus source : snapshot) {
                if (sources.put(source.source(), source) == null) {
                    register(source.source());
                }
                for (ConsumerLag consumer : source.consumers()) {
                    List<String> id = List.of(
                            source.source().team(),
                            source.source().project(),
                            source.source().table(),
                            consumer.consumer());
                    if (consumers.put(id, consumer) == null) {
                        Gauge.builder(CONSUMER_LAG, this, metrics -> metrics.lag(id))
                                .strongReference(true)
                                .description("Change log entries a consumer has still to process")
                                .tags(tags(source.source()).and("consumer", consumer.consumer()))
                                .register(registry);
                    }
                }
            }
            takenAtMillis = clock.millis();
        }
    }

    private void register(SourceId source) {
        gauge(
                HEAD,
                "Highest sequence appended to the source",
                source,
                s -> s.extent().head());
        gauge(
                TAIL,
                "Lowest sequence the source still retains",
                source,
                s -> s.extent().tail());
        gauge(SIZE, "Entries the source retains", source, s -> s.extent().size());
        gauge(
                READER,
                "1 while a node holds the source's reader lease",
                source,
                s -> s.reader().filter(r -> r.running()).isPresent() ? 1 : 0);
    }

    private void gauge(String name, String description, SourceId source, ToLongFunction<SourceStatus> value) {
        Gauge.builder(name, this, metrics -> value.applyAsLong(metrics.fresh().get(source)))
                .strongReference(true)
                .description(description)
                .tags(tags(source))
                .register(registry);
    }

    private double lag(List<String> id) {
        fresh();
        return consumers.get(id).lag();
    }

    private Map<SourceId, SourceStatus> fresh() {
        if (clock.millis() - takenAtMillis >= maxAge.toMillis()) {
            refresh();
        }
        return sources;
    }

    private static Tags tags(SourceId source) {
        return Tags.of("team", source.team(), "project", source.project(), "table", source.table());
    }
}
