package dev.camelcoding.app.verify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the comparison of one table found: the rows on each side, and each kind of difference with a sample of keys. */
public final class TableReport {

    /** Keys shown per kind of difference. */
    static final int SAMPLE = 5;

    private final CheckedTable table;
    private long codingRows;
    private long sinkRows;
    private final Kind missing = new Kind();
    private final Kind gone = new Kind();
    private final Kind stale = new Kind();

    TableReport(CheckedTable table) {
        this.table = table;
    }

    /** One kind of difference: how many, and the first keys. */
    public static final class Kind {
        private long count;
        private final List<String> sample = new ArrayList<>();

        void add(String key) {
            count++;
            if (sample.size() < SAMPLE) {
                sample.add(key);
            }
        }

        public long count() {
            return count;
        }

        public List<String> sample() {
            return Collections.unmodifiableList(sample);
        }
    }

    void countCoding() {
        codingRows++;
    }

    void countSink() {
        sinkRows++;
    }

    public CheckedTable table() {
        return table;
    }

    public long codingRows() {
        return codingRows;
    }

    public long sinkRows() {
        return sinkRows;
    }

    /** Rows CODING has and the sink lacks. */
    public Kind missing() {
        return missing;
    }

    /** Rows the sink has and CODING no longer has. */
    public Kind gone() {
        return gone;
    }

    /** Rows in both whose version (or content) differs. */
    public Kind stale() {
        return stale;
    }

    public boolean complete() {
        return missing.count == 0 && gone.count == 0 && stale.count == 0;
    }
}
