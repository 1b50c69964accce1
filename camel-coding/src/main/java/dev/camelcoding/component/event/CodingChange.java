package dev.camelcoding.component.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One change of one row as it travels from the reader to the sink: the body of every exchange a {@code coding:}
 * consumer hands a route, and the columns of a change log entry. Every fact a sink needs is a field (nothing is
 * parsed back out of a text), and the row is JSON text rendered once, when the event was read from CODING.
 *
 * <p>Routes that want text (Kafka, JSON Lines, a log) convert the body to a {@code String}: {@link #toJson()} writes
 * the documented Debezium-like event ({@link ChangeEvent#toJson()}'s fields, in its order, byte for byte) by splicing
 * the row's text into the envelope, without parsing it.
 *
 * @param op         what happened to the row
 * @param table      the table's URI name
 * @param keyJson    the row's key as compact JSON, e.g. {@code {"project":"web","code":42}}
 * @param version    CODING's {@code updated_at} of the row (after, else before) in epoch ms, 0 when it has none
 * @param tsMs       when the connector produced the event (epoch ms)
 * @param team       the CODING team
 * @param project    the project's URL name (null for team-level tables)
 * @param mode       snapshot, polling, reconcile or webhook
 * @param eventType  the CODING event name (ISSUE_UPDATED...), when the change came from one
 * @param delivery   the X-Coding-Delivery id, for webhook changes
 * @param inferred   whether the op was guessed
 * @param pass       the overwrite pass the change belongs to, or null outside one
 * @param dedupKey   {@code table|key|op|row version}: the same for every repeat of this change of this row
 * @param rowJson    the row as JSON text (after, else before), null when the change carries none
 * @param rowIsAfter whether {@code rowJson} is the row after the change (else it is the row before)
 * @param beforeJson the row before the change when the change carries both rows, else null
 * @param rowNode    the row already parsed, when the change was made in this process (never stored; null after a log)
 */
public record CodingChange(
        Op op,
        String table,
        String keyJson,
        long version,
        long tsMs,
        String team,
        String project,
        String mode,
        String eventType,
        String delivery,
        boolean inferred,
        ChangeEvent.Pass pass,
        String dedupKey,
        String rowJson,
        boolean rowIsAfter,
        String beforeJson,
        JsonNode rowNode) {

    public CodingChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyJson, "keyJson");
        Objects.requireNonNull(dedupKey, "dedupKey");
        if (version < 0) {
            throw new IllegalArgumentException("a version is CODING's updated_at in ms or 0, got " + version);
        }
    }

    /** The change of {@code event}, its row rendered to text once (the text also gives the dedup key's hash). */
    public static CodingChange of(ChangeEvent event) {
        ObjectNode row = event.after() != null ? event.after() : event.before();
        String rowJson = row == null ? null : row.toString();
        String rowVersion = row == null ? "-" : RowHash.version(row, RowHash.ofText(rowJson));
        String key = event.key().toString();
        ChangeEvent.Source source = event.source();
        return new CodingChange(
                event.op(),
                event.table(),
                key,
                row == null ? 0L : Math.max(0L, row.path("updated_at").asLong(0)),
                event.tsMs(),
                source.team(),
                source.project(),
                source.mode(),
                source.event(),
                source.delivery(),
                source.inferred(),
                source.pass(),
                event.table() + "|" + key + "|" + event.op().code() + "|" + rowVersion,
                rowJson,
                event.after() != null,
                event.after() != null && event.before() != null ? event.before().toString() : null,
                row);
    }

    /**
     * A change of {@code table} carrying {@code rowJson} (the row after it; null for none) and no source details: for
     * tools that write the log without a reader (benchmarks, tests).
     */
    public static CodingChange ofRow(Op op, String table, String keyJson, long version, String rowJson) {
        String rowVersion = rowJson == null ? "-" : version + ":" + RowHash.ofText(rowJson);
        return new CodingChange(
                op,
                table,
                keyJson,
                version,
                0L,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                table + "|" + keyJson + "|" + op.code() + "|" + rowVersion,
                rowJson,
                rowJson != null,
                null,
                null);
    }

    /** This change as part of an overwrite pass. */
    public CodingChange inPass(ChangeEvent.Pass inPass) {
        return with(inPass, rowNode);
    }

    /**
     * This change without its parsed row: what a change log keeps until it appends (a page of them, with the page's
     * cursor). The row's text is all the log stores, and a page of parsed rows held until the append was a page of
     * trees surviving young collections for nothing.
     */
    public CodingChange withoutRowNode() {
        if (rowNode == null) {
            return this;
        }
        return with(pass, null);
    }

    /** This change with another pass and parsed row, every other field the same (one copy of the long constructor). */
    private CodingChange with(ChangeEvent.Pass newPass, JsonNode newRowNode) {
        return new CodingChange(
                op,
                table,
                keyJson,
                version,
                tsMs,
                team,
                project,
                mode,
                eventType,
                delivery,
                inferred,
                newPass,
                dedupKey,
                rowJson,
                rowIsAfter,
                beforeJson,
                newRowNode);
    }

    /** Whether the change removes its row (the sink keeps a tombstone). */
    public boolean delete() {
        return op == Op.DELETE;
    }

    /** The row after the change as JSON text, null for a delete. */
    public String afterJson() {
        return rowIsAfter ? rowJson : null;
    }

    /**
     * The documented event text, in {@link ChangeEvent#toJson()}'s field order, byte for byte as Jackson writes it:
     * {@code {"op":..,"table":..,"key":..,"before":..,"after":..,"source":{..},"ts_ms":..}}. The key and the rows
     * are spliced in as the text they already are.
     */
    public String toJson() {
        String before = rowIsAfter ? beforeJson : rowJson;
        String after = rowIsAfter ? rowJson : null;
        StringBuilder json = new StringBuilder(
                64 + keyJson.length() + (rowJson == null ? 0 : rowJson.length()) + (beforeJson == null ? 0 : 200));
        json.append("{\"op\":\"").append(op.code()).append("\",\"table\":");
        string(json, table);
        json.append(",\"key\":").append(keyJson);
        json.append(",\"before\":").append(before == null ? "null" : before);
        json.append(",\"after\":").append(after == null ? "null" : after);
        json.append(",\"source\":{\"connector\":\"coding\",\"team\":");
        string(json, team);
        json.append(",\"project\":");
        string(json, project);
        json.append(",\"table\":");
        string(json, table);
        json.append(",\"mode\":");
        string(json, mode);
        if (eventType != null) {
            json.append(",\"event\":");
            string(json, eventType);
        }
        if (delivery != null) {
            json.append(",\"delivery\":");
            string(json, delivery);
        }
        json.append(",\"inferred\":").append(inferred);
        if (pass != null) {
            json.append(",\"pass\":{\"id\":");
            string(json, pass.id());
            json.append(",\"index\":").append(pass.index());
            json.append(",\"size\":").append(pass.size());
            json.append(",\"first\":").append(pass.first());
            json.append(",\"last\":").append(pass.last());
            if (pass.keys() != null) {
                json.append(",\"keys\":[").append(String.join(",", pass.keys())).append(']');
            }
            json.append('}');
        }
        json.append("},\"ts_ms\":").append(tsMs).append('}');
        return json.toString();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, json);
        json.append('"');
    }
}
