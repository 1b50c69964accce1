package dev.camelcoding.app.verify;

import java.util.Comparator;

/**
 * A row's place in the order both sides of the comparison are read in: its group (the issue type of statuses and
 * fields, else empty) by plain character order, then its id. The sink's keyset query orders the same way (binary
 * collation), so the merge of the two streams sees each key on both sides at the same step.
 */
public record RowRef(String group, long id) implements Comparable<RowRef> {

    private static final Comparator<RowRef> ORDER =
            Comparator.comparing(RowRef::group).thenComparingLong(RowRef::id);

    @Override
    public int compareTo(RowRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return group.isEmpty() ? Long.toString(id) : group + "/" + id;
    }
}
