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
 * fails keeps the definitions it had (values of unknown fields stay raw text): the sync never stops over it.
 */
public final class CustomFieldDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(CustomFieldDefinitions.class);

    private final Supplier<SchemaCatalog> discovery;
    private final LongSupplier clock;
    private final long minIntervalMs;
    private volatile CustomFieldNormalizer normalizer;
    private long lastDiscovery = Long.MIN_VALUE;

    public CustomFieldDefinitions(Supplier<SchemaCatalog> discovery, LongSupplier clock, Duration minInterval) {
        this.discovery = discovery;
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
        ObjectNode copy = row.deepCopy();
        return normalizerFor(copy).apply(copy);
    }

    private synchronized CustomFieldNormalizer normalizerFor(ObjectNode row) {
        boolean hasCustom = row.path("custom_fields").size() > 0;
        if (hasCustom && (normalizer == null || normalizer.hasUnknownField(row))
                && (lastDiscovery == Long.MIN_VALUE || clock.getAsLong() - lastDiscovery >= minIntervalMs)) {
            lastDiscovery = clock.getAsLong();
            try {
                normalizer = new CustomFieldNormalizer(discovery.get().customFieldsById());
            } catch (RuntimeException failed) {
                LOG.warn("Could not read the project's custom fields ({}); their values stay raw text until the next"
                        + " try", failed.getMessage());
            }
        }
        return normalizer == null ? new CustomFieldNormalizer(Map.of()) : normalizer;
    }
}
