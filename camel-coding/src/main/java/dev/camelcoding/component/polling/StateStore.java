package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.store.CodingStore;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;

/**
 * A table's sync state in a Camel {@link StateRepository} (the file one, the JDBC one or any other), under keys that
 * name the team, project, table and filters, so several endpoints can share one repository without colliding. The
 * one API the pollers, the polling consumer and {@code coding-sync status} use: each state is a record
 * ({@link IssueReaderState}, {@link ListedRowHashes}, {@link KnownIssueCodes}, the poll status), mapped to JSON text
 * by Jackson, so how a store lays its entries out never matters to a reader of the state.
 */
public final class StateStore {

    private final StateRepository<String, String> repository;
    private final String prefix;
    private final ObjectMapper mapper;
    /** Where what is remembered per issue goes (the census key set); null without one (see {@link #store()}). */
    private final CodingStore store;

    public StateStore(StateRepository<String, String> repository, String prefix, ObjectMapper mapper) {
        this(repository, prefix, mapper, null);
    }

    /**
     * @param store the store that keeps what the readers remember per issue (tables, queried a page at a time), or
     *              null: then that is kept in this state as before, which only suits small projects
     */
    public StateStore(
            StateRepository<String, String> repository, String prefix, ObjectMapper mapper, CodingStore store) {
        if (prefix.contains("=") || prefix.contains("\n")) {
            throw new IllegalArgumentException("state keys may not contain '=' or newlines: " + prefix);
        }
        this.repository = repository;
        this.prefix = prefix;
        this.mapper = mapper;
        this.store = store;
    }

    /** The store that keeps what is remembered per issue, if there is one (the application's change log store). */
    public Optional<CodingStore> store() {
        return Optional.ofNullable(store);
    }

    public String prefix() {
        return prefix;
    }

    /**
     * The state stored under {@code name}, mapped to {@code type} (a record); empty when there is none yet.
     *
     * @throws UnreadableStateException when the stored text is not that record (not JSON, or a value no version of
     *                                  camel-coding wrote, such as an unknown phase)
     */
    public <T> Optional<T> read(String name, Class<T> type) {
        String text = repository.getState(key(name));
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(mapper.readValue(text, type));
        } catch (IOException e) {
            throw new UnreadableStateException(key(name), type, e);
        }
    }

    /** Saves {@code state} (a record) under {@code name}, replacing what was there. */
    public void write(String name, Object state) {
        try {
            repository.setState(key(name), mapper.writeValueAsString(state));
        } catch (IOException e) {
            throw new RuntimeCamelException("cannot serialise the state " + key(name), e);
        }
    }

    private String key(String name) {
        return prefix + ":" + name;
    }

    /**
     * The untyped document stored under {@code name}, or an empty object when there is none yet. Only for the state
     * that has no record yet (the comments poller's); everything else uses {@link #read}.
     */
    public ObjectNode load(String name) {
        String text = repository.getState(prefix + ":" + name);
        if (text == null || text.isEmpty()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node.isObject() ? (ObjectNode) node : mapper.createObjectNode();
        } catch (IOException e) {
            throw new RuntimeCamelException(
                    "the stored state " + prefix + ":" + name + " is not JSON; remove it to start"
                            + " that table afresh",
                    e);
        }
    }

    /** Parses a key that was stored as JSON text. */
    public JsonNode parseKey(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new RuntimeCamelException("a stored key is not JSON: " + json, e);
        }
    }

    /** Saves an untyped document (see {@link #load}). */
    public void save(String name, ObjectNode state) {
        try {
            repository.setState(prefix + ":" + name, mapper.writeValueAsString(state));
        } catch (IOException e) {
            throw new RuntimeCamelException("cannot serialise the state " + prefix + ":" + name, e);
        }
    }
}
