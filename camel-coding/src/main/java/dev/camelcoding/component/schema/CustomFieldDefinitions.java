package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.event.ChangeEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom field definitions an issues endpoint normalizes its rows with. Discovered from CODING on the first
 * issue row that has custom fields (SchemaDiscovery: 1 + 2 x issue types calls, once), and again when a row carries
 * a field id they do not know (a field added in CODING), at most once per {@code minInterval}. A discovery that
 * fails keeps the definitions it had (values of unknown fields stay raw text): the sync never stops over it. When a
 * coding:schema consumer runs in the same component, its catalog is taken as soon as it has read a new one.
 */
public final class CustomFieldDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(CustomFieldDefinitions.class);

    private final Supplier<SchemaCatalog> discovery;
    private final Supplier<SchemaCatalog> published;
    private SchemaCatalog usedPublished;
    private final LongSupplier clock;
    private final long minIntervalMs;
    private volatile CustomFieldNormalizer normalizer;
    private long lastDiscovery = Long.MIN_VALUE;

    /**
     * @param discovery reads the catalog from CODING
     * @param published the catalog a coding:schema consumer of the same component last read (null when none runs):
     *                  used as soon as it is new, without a call
     */
    public CustomFieldDefinitions(
            Supplier<SchemaCatalog> discovery,
            Supplier<SchemaCatalog> published,
            LongSupplier clock,
            Duration minInterval) {
        this.discovery = discovery;
        this.published = published;
        this.clock = clock;
        this.minIntervalMs = minInterval.toMillis();
    }

    /** The event with {@code custom} set on its rows (events of other tables are returned as they are). */
    public ChangeEvent apply(ChangeEvent event) {
        if (!"issues".equals(event.table()) || (event.after() == null && event.before() == null)) {
            return event;
        }
        ObjectNode after = normalize(event.after());
        ObjectNode before = normalize(event.before());
        return new ChangeEvent(event.op(), event.table(), event.key(), before, after, event.source(), event.tsMs());
    }

    private ObjectNode normalize(ObjectNode row) {
        if (row == null) {
            return null;
        }
        // in place: each event's rows are built for it (and hashed) before it is emitted
        return normalizerFor(row).apply(row);
    }

    private synchronized CustomFieldNormalizer normalizerFor(ObjectNode row) {
        SchemaCatalog latest = published.get();
        if (latest != null && latest != usedPublished) {
            usedPublished = latest;
            normalizer = new CustomFieldNormalizer(latest.customFieldsById());
        }
        boolean hasCustom = row.path("custom_fields").size() > 0;
        if (hasCustom
                && (normalizer == null || normalizer.hasUnknownField(row))
                && (lastDiscovery == Long.MIN_VALUE || clock.getAsLong() - lastDiscovery >= minIntervalMs)) {
            lastDiscovery = clock.getAsLong();
            try {
                normalizer = new CustomFieldNormalizer(discovery.get().customFieldsById());
            } catch (RuntimeException failed) {
                LOG.warn(
                        "Could not read the project's custom fields ({}); their values stay raw text until the next"
                                + " try",
                        failed.getMessage());
            }
        }
        return normalizer == null ? new CustomFieldNormalizer(Map.of()) : normalizer;
    }
}
