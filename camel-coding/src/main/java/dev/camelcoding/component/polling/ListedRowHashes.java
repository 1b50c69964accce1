package dev.camelcoding.component.polling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link DiffPoller} saw at its last poll of a listed table: each row's content hash by its key (the key's JSON
 * text), under the field name the first versions wrote.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ListedRowHashes(Map<String, String> rows) {

    /** The state name of a listed table's hashes. */
    public static final String NAME = "hashes";

    public ListedRowHashes {
        // in the order listed, so deletes are emitted in a stable order
        rows = rows == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }
}
