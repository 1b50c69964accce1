package dev.camelcoding.component.changelog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.event.ChangeEvent;
import dev.camelcoding.component.event.Op;
import dev.camelcoding.component.event.RowHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a change log reader logs of an overwrite pass (iterations, {@code iterationStrategy=overwrite}): the rows that
 * changed since the last logged pass and one pass-end event carrying the pass's whole key set, instead of every row
 * again on every poll (an idle project logged every iteration each poll, 2,259 repeats of 2,305 entries in one run).
 * Every sink can still apply the overwrite: the rows of the project not in the key set are gone.
 *
 * @param entries    the events to log: the changed rows, then the pass-end (empty when nothing changed)
 * @param hashes     every listed row's key and content hash, to compare the next pass against
 * @param unchanged  whether the pass lists exactly what the last one did
 */
record OverwritePassLog(List<ChangeEvent> entries, Map<String, String> hashes, boolean unchanged) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param pass     the whole pass as the poller lists it (its rows, or the empty-pass marker)
     * @param previous the hashes of the last logged pass, null before the first
     */
    static OverwritePassLog of(List<ChangeEvent> pass, String passId, Map<String, String> previous) {
        Map<String, String> hashes = new LinkedHashMap<>();
        List<ChangeEvent> changed = new ArrayList<>();
        for (ChangeEvent event : pass) {
            if (event.after() == null) {
                continue; // the empty-pass marker: no row
            }
            String key = event.key().toString();
            String hash = RowHash.of(event.after());
            hashes.put(key, hash);
            if (previous == null || !hash.equals(previous.get(key))) {
                changed.add(event);
            }
        }
        if (previous != null && changed.isEmpty() && previous.keySet().equals(hashes.keySet())) {
            return new OverwritePassLog(List.of(), hashes, true);
        }
        ChangeEvent any = pass.get(0);
        int size = changed.size() + 1;
        List<ChangeEvent> entries = new ArrayList<>(size);
        for (int i = 0; i < changed.size(); i++) {
            entries.add(withPass(changed.get(i), new ChangeEvent.Pass(passId, i, size)));
        }
        ObjectNode projectKey = JsonNodeFactory.instance
                .objectNode()
                .put("project", any.source().project());
        ChangeEvent end = new ChangeEvent(
                Op.DELETE,
                any.table(),
                projectKey,
                null,
                null,
                new ChangeEvent.Source(
                        any.source().team(),
                        any.source().project(),
                        any.source().mode(),
                        null,
                        null,
                        false),
                pass.stream().mapToLong(ChangeEvent::tsMs).max().orElse(any.tsMs()));
        entries.add(end.inPass(new ChangeEvent.Pass(passId, size - 1, size, List.copyOf(hashes.keySet()))));
        return new OverwritePassLog(entries, hashes, false);
    }

    private static ChangeEvent withPass(ChangeEvent event, ChangeEvent.Pass pass) {
        return event.inPass(pass);
    }

    String hashesJson() {
        try {
            return MAPPER.writeValueAsString(hashes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseHashes(String json) throws IOException {
        return json == null ? null : MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    }
}
