package dev.camelcoding.component.store;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One part of the store's schema (the change log, the readers' state, the webhook ledger, ...): its tables, the
 * statements that create them in a dialect, and a version. The version changes whenever the tables change in a way
 * an earlier build's rows cannot be read with; the store then starts that part afresh (there has been no release, so
 * nothing is migrated) and says so in one line.
 *
 * @param name    what the part holds, in words ("change log", "reader state")
 * @param version its layout's version, from 1
 * @param tables  every table it owns (dropped when an earlier build's layout is found)
 * @param ddl     the statements that create its tables and indexes when missing ({@code IF NOT EXISTS})
 */
public record StorePart(String name, int version, List<String> tables, Function<StoreDialect, List<String>> ddl) {

    public StorePart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ddl, "ddl");
        tables = List.copyOf(tables);
        if (version < 1) {
            throw new IllegalArgumentException("a store part's version starts at 1, got " + version);
        }
    }
}
