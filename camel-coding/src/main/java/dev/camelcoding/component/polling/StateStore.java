package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;

/**
 * A table's sync state as JSON documents in a Camel {@link StateRepository}, under keys that name the team,
 * project, table and filters, so several endpoints can share one repository without colliding.
 */
public final class StateStore {

    private final StateRepository<String, String> repository;
    private final String prefix;
    private final ObjectMapper mapper;

    public StateStore(StateRepository<String, String> repository, String prefix, ObjectMapper mapper) {
        if (prefix.contains("=") || prefix.contains("\n")) {
            throw new IllegalArgumentException("state keys may not contain '=' or newlines: " + prefix);
        }
        this.repository = repository;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    public String prefix() {
        return prefix;
    }

    /** The document stored under {@code name}, or an empty object when there is none yet. */
    public ObjectNode load(String name) {
        String text = repository.getState(prefix + ":" + name);
        if (text == null || text.isEmpty()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node.isObject() ? (ObjectNode) node : mapper.createObjectNode();
        } catch (IOException e) {
            throw new RuntimeCamelException("the stored state " + prefix + ":" + name + " is not JSON; remove it to start"
                    + " that table afresh", e);
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

    /** The document stored under {@code name} as a Jackson-mapped record, empty if absent. */
    public <T> java.util.Optional<T> read(String name, Class<T> type) {
        String text = repository.getState(prefix + ":" + name);
        if (text == null || text.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(mapper.readValue(text, type));
        } catch (IOException e) {
            throw new RuntimeCamelException("the stored state " + prefix + ":" + name + " is not a " + type.getSimpleName()
                    + "; remove it to start that table afresh", e);
        }
    }

    /** Saves {@code state} (a record, or any Jackson-mappable object) under {@code name}. */
    public void write(String name, Object state) {
        try {
            repository.setState(prefix + ":" + name, mapper.writeValueAsString(state));
        } catch (IOException e) {
            throw new RuntimeCamelException("cannot serialise the state " + prefix + ":" + name, e);
        }
    }

    public void save(String name, ObjectNode state) {
        try {
            repository.setState(prefix + ":" + name, mapper.writeValueAsString(state));
        } catch (IOException e) {
            throw new RuntimeCamelException("cannot serialise the state " + prefix + ":" + name, e);
        }
    }
}
