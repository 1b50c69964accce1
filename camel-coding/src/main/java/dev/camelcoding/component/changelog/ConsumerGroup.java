package dev.camelcoding.component.changelog;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A consumer group of the change log, as in Kafka: the routes of processes that write one shared sink are in one
 * group and share one offset per route (each change goes to one of them); a process that writes a sink of its own is
 * in a group of its own and gets every change. The group prefixes the consumer's name, {@code <group>/<name>}, the
 * key of its row in {@code CODING_LOG_OFFSET}.
 *
 * <p>Why a prefix and {@code /}: the routes of a team already name their project with {@code @}
 * ({@code coding-issues@mobile-app}), so a group after another {@code @} could not be told from a project; a group
 * cannot hold {@code /}, so the part before the first {@code /} is the group.
 */
public final class ConsumerGroup {

    /** The longest group: the offset key ({@value SourceId#MAX_NAME_LENGTH} characters) keeps room for the name. */
    public static final int MAX_LENGTH = 64;

    /** The characters a group may hold: none that separates (@, /) or needs quoting in a URI, a property or SQL. */
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private ConsumerGroup() {}

    /** The group {@code value} names: empty when it is null or blank (no group: the names of old). */
    public static Optional<String> of(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String group = value.trim();
        if (!ALLOWED.matcher(group).matches()) {
            throw new IllegalArgumentException("consumer group '" + value + "' is not allowed: use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', e.g. sink-b");
        }
        return Optional.of(group);
    }

    /** The name a consumer's offset is kept under: {@code name} without a group, {@code <group>/<name>} with one. */
    public static String consumerName(String group, String name) {
        return of(group).map(g -> g + "/" + name).orElse(name);
    }
}
