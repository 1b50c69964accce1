package dev.camelcoding.component;

import org.apache.camel.spi.Metadata;

/**
 * Header names set on every exchange a {@code coding:} consumer produces. The body is the typed change
 * ({@link dev.camelcoding.component.event.CodingChange}); converted to a String it is the documented JSON change event.
 */
public final class CodingConstants {

    @Metadata(
            label = "consumer",
            description = "The table the change belongs to (issues, iterations, projectMembers...).",
            javaType = "String")
    public static final String TABLE = "CamelCodingTable";

    @Metadata(
            label = "consumer",
            description = "The operation: c (create), u (update), d (delete) or r (read by a"
                    + " snapshot or an overwrite pass).",
            javaType = "String")
    public static final String OP = "CamelCodingOp";

    @Metadata(
            label = "consumer",
            description = "The row's key as compact JSON, e.g. {\"project\":\"web\",\"code\":12}.",
            javaType = "String")
    public static final String KEY = "CamelCodingKey";

    @Metadata(
            label = "consumer",
            description = "The CODING event that caused the change (ISSUE_UPDATED...), when known.",
            javaType = "String")
    public static final String EVENT_TYPE = "CamelCodingEventType";

    @Metadata(
            label = "consumer",
            description = "The X-Coding-Delivery id of the Service Hook delivery, in webhook mode.",
            javaType = "String")
    public static final String DELIVERY_ID = "CamelCodingDeliveryId";

    @Metadata(
            label = "consumer",
            description = "A key unique to this change of this row: repeated deliveries of the same"
                    + " change carry the same value, so a sink can drop duplicates.",
            javaType = "String")
    public static final String DEDUP_KEY = "CamelCodingDedupKey";

    @Metadata(
            label = "consumer",
            description =
                    "The id of the overwrite pass an iterations event belongs to" + " (iterationStrategy=overwrite).",
            javaType = "String")
    public static final String PASS_ID = "CamelCodingPassId";

    @Metadata(label = "consumer", description = "The project the change belongs to.", javaType = "String")
    public static final String PROJECT = "CamelCodingProject";

    @Metadata(
            label = "consumer",
            description = "How the change was found: snapshot, polling, reconcile or webhook.",
            javaType = "String")
    public static final String SOURCE_MODE = "CamelCodingSourceMode";

    @Metadata(
            label = "consumer",
            description = "The row's version: CODING's updated_at of the row (epoch ms; a delete"
                    + " takes it from the row before; 0 when CODING gives none, e.g. a delete found by the census). Sinks"
                    + " compare it, then CamelCodingTsMs, so an older event never overwrites a newer one.",
            javaType = "Long")
    public static final String VERSION = "CamelCodingVersion";

    @Metadata(
            label = "consumer",
            description =
                    "When the connector saw the change (the event's ts_ms, epoch ms): the"
                            + " tie-breaker of CamelCodingVersion, fixed in the event so a replay compares as the first delivery did.",
            javaType = "Long")
    public static final String TS_MS = "CamelCodingTsMs";

    @Metadata(
            label = "consumer",
            description = "With logCache: the change log sequence of this event in its source"
                    + " (team, project, table), contiguous from 1.",
            javaType = "Long")
    public static final String SEQUENCE = "CamelCodingSequence";

    @Metadata(
            label = "consumer",
            description = "With logCache and batchSize > 1: the log sequence of the batch's first" + " event.",
            javaType = "Long")
    public static final String FIRST_SEQUENCE = "CamelCodingFirstSequence";

    @Metadata(
            label = "consumer",
            description = "With logCache and batchSize > 1: the log sequence of the batch's last" + " event.",
            javaType = "Long")
    public static final String LAST_SEQUENCE = "CamelCodingLastSequence";

    @Metadata(
            label = "consumer",
            description =
                    "On a batch exchange (batchSize > 1): how many one-event exchanges its"
                            + " List<Exchange> body holds. The batch exchange also carries CamelCodingTable and CamelCodingProject.",
            javaType = "Integer")
    public static final String BATCH_SIZE = "CamelCodingBatchSize";

    /**
     * Exchange property (not a header: it is a Java object that means nothing outside this process) set by a
     * {@code logCache} consumer on every exchange it hands over: a
     * {@link dev.camelcoding.component.changelog.LogPosition}, the consumer's name and the first and last log
     * sequences the exchange carries. A sink whose database is the store's commits the consumer's offset with its rows
     * ({@link dev.camelcoding.component.changelog.SinkTransactionOffsets}).
     */
    public static final String LOG_POSITION = "CamelCodingLogPosition";

    /**
     * Exchange property ({@code Boolean}) a sink sets once its transaction has committed the consumer's offset together
     * with its rows: the consumer then has nothing left to commit.
     */
    public static final String LOG_OFFSET_COMMITTED = "CamelCodingLogOffsetCommitted";

    private CodingConstants() {}

    /** coding:schema: the catalog version of the event. */
    @Metadata(
            description = "coding:schema events: the catalog's version (from 1, one more on every change).",
            javaType = "long")
    public static final String SCHEMA_VERSION = "CamelCodingSchemaVersion";
    /** coding:schema: how many field changes the event reports. */
    @Metadata(
            description = "coding:schema events: how many fields were added, removed or retyped (0 on an"
                    + " unchanged start).",
            javaType = "int")
    public static final String SCHEMA_CHANGES = "CamelCodingSchemaChanges";
}
