package dev.camelcoding.app.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;

/**
 * Compares one table as a merge of two streams in the same {@link RowRef} order, CODING's rows and the sink's live
 * rows: a key on one side only is missing or gone, a key on both is stale when its version differs (tables with
 * CODING's UpdatedAt) or its content differs (the others). One row of each side is in hand at a time.
 */
public final class SortedMerge {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SortedMerge() {}

    public static TableReport compare(
            CheckedTable table, Iterator<CodingRow> coding, Iterator<StoredRow> sink, Differences differences) {
        TableReport report = new TableReport(table);
        CodingRow c = nextCoding(coding, report);
        StoredRow s = nextStored(sink, report);
        while (c != null || s != null) {
            int order = c == null ? 1 : s == null ? -1 : c.ref().compareTo(s.ref());
            if (order < 0) {
                report.missing().add(c.key().toString());
                differences.missing(table, c);
                c = nextCoding(coding, report);
            } else if (order > 0) {
                report.gone().add(s.keyJson());
                differences.gone(table, s);
                s = nextStored(sink, report);
            } else {
                if (differ(table, c, s)) {
                    report.stale().add(c.key().toString());
                    differences.stale(table, c, s);
                }
                c = nextCoding(coding, report);
                s = nextStored(sink, report);
            }
        }
        return report;
    }

    private static boolean differ(CheckedTable table, CodingRow coding, StoredRow stored) {
        if (table.versioned()) {
            return coding.version() != stored.version();
        }
        try {
            // both parsed by one mapper: PostgreSQL's JSONB reorders keys and numbers parse to the same node types
            JsonNode sink = stored.doc() == null ? null : MAPPER.readTree(stored.doc());
            return sink == null || !MAPPER.readTree(coding.row().toString()).equals(sink);
        } catch (JsonProcessingException unreadable) {
            return true; // a doc that is not JSON is not CODING's row
        }
    }

    private static CodingRow nextCoding(Iterator<CodingRow> rows, TableReport report) {
        if (!rows.hasNext()) {
            return null;
        }
        report.countCoding();
        return rows.next();
    }

    private static StoredRow nextStored(Iterator<StoredRow> rows, TableReport report) {
        if (!rows.hasNext()) {
            return null;
        }
        report.countSink();
        return rows.next();
    }
}
