package dev.camelcoding.app.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.CodingChange;
import dev.camelcoding.component.event.Op;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@code --repair}: turns each difference into the change event the reader would have emitted had it read it, and
 * appends it to the source's change log, 500 at a time, so every consumer of the log gets it: op {@code c} for a row
 * the sink lacks and {@code u} for one it holds in another version, both with the row CODING lists now, and op
 * {@code d} for a row CODING no longer has (with the sink's last row as {@code before}). The events say
 * {@code "mode":"reconcile"}: found by comparing with CODING, as the reader's own reconciliation says.
 */
public final class RepairEmitter implements Differences, AutoCloseable {

    static final int BATCH = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ChangeLogAccess log;
    private final Function<CheckedTable, SourceId> sources;
    private final UnaryOperator<ChangeEvent> normalizer;
    private final Map<CheckedTable, List<CodingChange>> pending = new EnumMap<>(CheckedTable.class);
    private final Map<CheckedTable, Long> emitted = new EnumMap<>(CheckedTable.class);

    /**
     * @param sources    the change log source of each table (the one its reader appends to)
     * @param normalizer what the reader does to an event before it is logged (issues: the typed custom field values)
     */
    public RepairEmitter(
            ChangeLogAccess log, Function<CheckedTable, SourceId> sources, UnaryOperator<ChangeEvent> normalizer) {
        this.log = log;
        this.sources = sources;
        this.normalizer = normalizer;
    }

    /** Takes the reader lease of the table's source before any difference is found (refused while run reads it). */
    public void prepare(CheckedTable table) {
        log.lease(sources.apply(table));
    }

    @Override
    public void missing(CheckedTable table, CodingRow coding) {
        add(table, Op.CREATE, coding.key(), null, coding.row());
    }

    @Override
    public void stale(CheckedTable table, CodingRow coding, StoredRow stored) {
        add(table, Op.UPDATE, coding.key(), null, coding.row());
    }

    @Override
    public void gone(CheckedTable table, StoredRow stored) {
        add(table, Op.DELETE, object(stored.keyJson()), stored.doc() == null ? null : object(stored.doc()), null);
    }

    /** Events appended so far for {@code table}. */
    public long emitted(CheckedTable table) {
        return emitted.getOrDefault(table, 0L);
    }

    /** Appends what is still pending for {@code table}. */
    public void flush(CheckedTable table) {
        List<CodingChange> entries = pending.remove(table);
        if (entries != null && !entries.isEmpty()) {
            log.append(sources.apply(table), entries);
            emitted.merge(table, (long) entries.size(), Long::sum);
        }
    }

    @Override
    public void close() {
        for (CheckedTable table : List.copyOf(pending.keySet())) {
            flush(table);
        }
    }

    private void add(CheckedTable table, Op op, ObjectNode key, ObjectNode before, ObjectNode after) {
        SourceId source = sources.apply(table);
        ChangeEvent event = normalizer.apply(new ChangeEvent(
                op,
                table.uriName(),
                key,
                before,
                after,
                new ChangeEvent.Source(source.team(), source.project(), "reconcile", null, null, false),
                System.currentTimeMillis()));
        // the typed entry a reader appends (its row rendered once), with the reader's version rule
        List<CodingChange> entries = pending.computeIfAbsent(table, t -> new ArrayList<>());
        entries.add(CodingChange.of(event));
        if (entries.size() >= BATCH) {
            flush(table);
        }
    }

    private static ObjectNode object(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            return node.isObject() ? (ObjectNode) node : MAPPER.createObjectNode();
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }
}
