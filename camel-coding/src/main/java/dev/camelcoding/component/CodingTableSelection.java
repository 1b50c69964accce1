package dev.camelcoding.component;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The properties function {@code {{coding-table:issues}}}: {@code true} when the {@code coding.tables} property lists
 * the table, else {@code false}. Routes use it as their {@code autoStartup}, so one setting chooses which tables are
 * synced wherever the routes run: Camel resolves it the same way under Camel Main and under {@code camel run}
 * (it finds this function through {@code META-INF/services/org/apache/camel/properties-function/coding-table}).
 * Without a {@code coding.tables} property every table is on. A name that is not a table fails the route's start
 * with a message naming the key, the value and the allowed names.
 */
public class CodingTableSelection implements PropertiesFunction, CamelContextAware {

    /** The property that lists the tables to sync, comma-separated. */
    public static final String PROPERTY = "coding.tables";

    private CamelContext camelContext;

    @Override
    public String getName() {
        return "coding-table";
    }

    @Override
    public String apply(String table) {
        String listed =
                camelContext.getPropertiesComponent().resolveProperty(PROPERTY).orElse(null);
        if (listed == null) {
            return "true";
        }
        return Boolean.toString(
                parse(listed).contains(CodingTable.fromUri(table.trim()).uriName()));
    }

    /** The tables of a {@code coding.tables} value, in its order; an unknown name is an IllegalArgumentException. */
    public static Set<String> parse(String listed) {
        Set<String> tables = new LinkedHashSet<>();
        for (String name : listed.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                tables.add(CodingTable.fromUri(name.trim()).uriName());
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException(PROPERTY + "=" + listed + ": '" + name.trim()
                        + "' is not a table; use a comma-separated list of "
                        + Arrays.stream(CodingTable.values())
                                .map(CodingTable::uriName)
                                .collect(Collectors.joining(", ")));
            }
        }
        return tables;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
