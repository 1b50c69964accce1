package dev.camelcoding.component.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.camelcoding.component.CodingTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The targets of one webhook path, by table and project. One listener and one path serve every project a process
 * syncs (a team's Service Hooks all post to one URL), so a delivery goes to the target of its table and of the
 * project its payload names ({@code project.name}, contract section 4.3: every event carries its project).
 */
final class WebhookTargets {

    /** The project of a target that takes its table's deliveries whatever their project (a test's target). */
    private static final String ANY_PROJECT = "";

    private record Key(CodingTable table, String project) {}

    /** Where a delivery goes, or why it goes nowhere. */
    sealed interface Route {}

    record Found(WebhookTarget target) implements Route {}

    /** The delivery names a project no target on this path syncs. */
    record UnsyncedProject(String project) implements Route {}

    /** The delivery's project is synced here, but not its table. */
    record NoTable() implements Route {}

    /** The delivery names no project, and the table's targets on this path serve several. */
    record NoProjectNamed(int projects) implements Route {}

    private final Map<Key, WebhookTarget> targets = new ConcurrentHashMap<>();

    /** Adds {@code target}; a second target for the same table and project on one path is a configuration error. */
    void add(WebhookTarget target, String maskedPath) {
        WebhookTarget previous = targets.putIfAbsent(keyOf(target), target);
        if (previous != null && previous != target) {
            throw new IllegalStateException("two coding:" + target.table() + " endpoints"
                    + (target.project() == null ? "" : " of project " + target.project())
                    + " listen on webhook path " + maskedPath + "; give them different paths");
        }
    }

    void remove(WebhookTarget target) {
        targets.remove(keyOf(target), target);
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /** Where a delivery of {@code table} with payload {@code body} goes. */
    Route route(CodingTable table, JsonNode body) {
        String project = projectOf(body);
        if (project == null) {
            // CODING always names the project; a delivery without one can only go where no choice is to be made
            List<WebhookTarget> candidates = targets.entrySet().stream()
                    .filter(e -> e.getKey().table() == table)
                    .map(Map.Entry::getValue)
                    .toList();
            return switch (candidates.size()) {
                case 0 -> new NoTable();
                case 1 -> new Found(candidates.get(0));
                default -> new NoProjectNamed(candidates.size());
            };
        }
        WebhookTarget target = targets.get(new Key(table, normalise(project)));
        if (target == null) {
            target = targets.get(new Key(table, ANY_PROJECT));
        }
        if (target != null) {
            return new Found(target);
        }
        boolean synced = targets.keySet().stream()
                .anyMatch(k ->
                        k.project().equals(normalise(project)) || k.project().equals(ANY_PROJECT));
        return synced ? new NoTable() : new UnsyncedProject(project);
    }

    /** The project a payload names: {@code project.name}, the project's URL name (what projectName is). */
    static String projectOf(JsonNode body) {
        JsonNode name = body.path("project").path("name");
        return name.isTextual() && !name.asText().isBlank() ? name.asText().trim() : null;
    }

    private static Key keyOf(WebhookTarget target) {
        return new Key(target.table(), target.project() == null ? ANY_PROJECT : normalise(target.project()));
    }

    /** CODING's project URL names are lower case; a projectName written otherwise still names the same project. */
    private static String normalise(String project) {
        return project.trim().toLowerCase(Locale.ROOT);
    }
}
