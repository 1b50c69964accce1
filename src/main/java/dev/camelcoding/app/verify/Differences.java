package dev.camelcoding.app.verify;

/** Where the comparison sends each difference it finds, as it finds it (the report, and the repair when asked). */
public interface Differences {

    /** CODING has the row, the sink does not. */
    void missing(CheckedTable table, CodingRow coding);

    /** Both have the row, in different versions (or, for tables without a version, different contents). */
    void stale(CheckedTable table, CodingRow coding, StoredRow stored);

    /** The sink has the row, CODING no longer does. */
    void gone(CheckedTable table, StoredRow stored);

    /** Nothing to do with the differences: for a comparison that only reports. */
    Differences NONE = new Differences() {
        @Override
        public void missing(CheckedTable table, CodingRow coding) {}

        @Override
        public void stale(CheckedTable table, CodingRow coding, StoredRow stored) {}

        @Override
        public void gone(CheckedTable table, StoredRow stored) {}
    };
}
