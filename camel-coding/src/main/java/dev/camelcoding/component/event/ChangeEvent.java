package dev.camelcoding.component.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.Objects;

/**
 * One change of one row: the body of every exchange a {@code coding:} consumer produces, whatever the table and
 * mode. Its JSON is Debezium-like so existing sinks understand it:
 * <pre>{"op":"u","table":"issues","key":{...},"before":null,"after":{...},
 *  "source":{"connector":"coding","team":..,"project":..,"table":..,"mode":..,"event":..,"delivery":..,"inferred":..,
 *            "pass":{"id":..,"index":..,"size":..,"first":..,"last":..}},
 *  "ts_ms":...}</pre>
 * {@code source.pass} is only present on the events of an overwrite pass (iterations with
 * {@code iterationStrategy=overwrite}).
 *
 * @param op       what happened to the row
 * @param table    the table's URI name
 * @param key      the row's key; it includes the project wherever rows of several projects can share a sink table
 * @param before   the row before the change, when known (deletes found by polling carry the last known key only)
 * @param after    the row after the change, in the table's canonical schema; null for deletes
 * @param source   where the change came from
 * @param tsMs     when the connector produced the event (epoch ms)
 */
public record ChangeEvent(
        Op op, String table, ObjectNode key, ObjectNode before, ObjectNode after, Source source, long tsMs) {

    public ChangeEvent {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Where a change came from.
     *
     * @param team      the CODING team
     * @param project   the project's URL name (null for team-level tables)
     * @param mode      snapshot, polling, reconcile or webhook
     * @param event     the CODING event name (ISSUE_UPDATED...), when the change came from one
     * @param delivery  the X-Coding-Delivery id, for webhook changes
     * @param inferred  whether the op was guessed (polling cannot always tell an insert from an update)
     * @param pass      the overwrite pass this event belongs to, or null outside one
     */
    public record Source(
            String team, String project, String mode, String event, String delivery, boolean inferred, Pass pass) {

        /** A change outside any overwrite pass. */
        public Source(String team, String project, String mode, String event, String delivery, boolean inferred) {
            this(team, project, mode, event, delivery, inferred, null);
        }
    }

    /**
     * Where an event sits in an overwrite pass (the whole table re-read as one batch). It travels in the event, not
     * only in Camel headers, so a reader of a file or a topic, which never sees the headers, can tell where a pass
     * starts and ends and which rows a complete pass no longer contains (they were deleted).
     *
     * <p>A pass of a table that has no rows at all is one marker event of {@code size} 0 ({@code op=d}, the
     * project's key, no row): without it, an empty table would emit nothing and sinks would keep the stale rows.
     *
     * <p>A change log reader logs a pass as the rows that changed since its last pass plus one pass-end event (no
     * row, the project's key) whose {@code keys} are every key the pass listed: the rows of the project not among them
     * are gone. A project whose iterations did not change logs nothing.
     *
     * @param id    the pass id, shared by every event of the pass (also the {@code CamelCodingPassId} header)
     * @param index this event's position in the pass, from 0
     * @param size  how many events the pass has (0 for the empty-pass marker)
     * @param keys  on a pass-end event: the key (as compact JSON) of every row the pass listed; else null
     */
    public record Pass(String id, int index, int size, java.util.List<String> keys) {

        public Pass {
            Objects.requireNonNull(id, "id");
            if (index < 0 || (size > 0 && index >= size) || (size == 0 && index != 0)) {
                throw new IllegalArgumentException("pass index " + index + " outside a pass of " + size);
            }
            keys = keys == null ? null : java.util.List.copyOf(keys);
        }

        /** A place in a pass that lists every row (no key set). */
        public Pass(String id, int index, int size) {
            this(id, index, size, null);
        }

        public boolean first() {
            return index == 0;
        }

        public boolean last() {
            return size == 0 || index == size - 1;
        }

        /** Whether this is the marker of a pass that found no rows. */
        public boolean empty() {
            return size == 0;
        }
    }

    /** This event as part of an overwrite pass. */
    public ChangeEvent inPass(Pass pass) {
        return new ChangeEvent(
                op,
                table,
                key,
                before,
                after,
                new Source(
                        source.team(),
                        source.project(),
                        source.mode(),
                        source.event(),
                        source.delivery(),
                        source.inferred(),
                        pass),
                tsMs);
    }

    /** The event as JSON, in the documented field order. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return envelope(before == null ? f.nullNode() : before, after == null ? f.nullNode() : after);
    }

    /**
     * The event as JSON text, with the row rendered once: the same text gives the body and the dedup key's content
     * hash (a backfill renders hundreds of thousands of rows; doing it twice showed in profiles).
     */
    public Rendered render() {
        ObjectNode row = after != null ? after : before;
        String rowJson = row == null ? null : row.toString();
        String version = row == null ? "-" : RowHash.version(row, RowHash.ofText(rowJson));
        JsonNode rawRow = rowJson == null
                ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.rawValueNode(new RawValue(rowJson));
        JsonNode none = JsonNodeFactory.instance.nullNode();
        ObjectNode json = after != null ? envelope(before == null ? none : before, rawRow) : envelope(rawRow, none);
        return new Rendered(json.toString(), table + "|" + key + "|" + op.code() + "|" + version, rowJson);
    }

    /**
     * An event as text: the message body, its dedup key, and the row it carries (after, else before; null when
     * none), already serialised for the body, so a sink that stores the row need not parse the body again.
     */
    public record Rendered(String body, String dedupKey, String row) {}

    private ObjectNode envelope(JsonNode beforeNode, JsonNode afterNode) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        json.put("op", op.code());
        json.put("table", table);
        json.set("key", key);
        json.set("before", beforeNode);
        json.set("after", afterNode);
        ObjectNode src = json.putObject("source");
        src.put("connector", "coding");
        src.put("team", source.team());
        src.put("project", source.project());
        src.put("table", table);
        src.put("mode", source.mode());
        if (source.event() != null) {
            src.put("event", source.event());
        }
        if (source.delivery() != null) {
            src.put("delivery", source.delivery());
        }
        src.put("inferred", source.inferred());
        if (source.pass() != null) {
            ObjectNode pass = src.putObject("pass");
            pass.put("id", source.pass().id());
            pass.put("index", source.pass().index());
            pass.put("size", source.pass().size());
            pass.put("first", source.pass().first());
            pass.put("last", source.pass().last());
            if (source.pass().keys() != null) {
                var keys = pass.putArray("keys");
                for (String key : source.pass().keys()) {
                    keys.addRawValue(new RawValue(key));
                }
            }
        }
        json.put("ts_ms", tsMs);
        return json;
    }
}
