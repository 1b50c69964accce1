package dev.camelcoding.component.team;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.Json;
import dev.camelcoding.client.Listing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which projects a sync takes: {@code coding.project} (one project, no listing needed), or {@code coding.projects}
 * ({@code *} or a comma list of names and globs) less {@code coding.projects.exclude}, matched against the projects
 * the credential sees (DescribeCodingProjects, every page). Its one job is that choice: it starts nothing.
 */
public final class ProjectSelection {

    public static final String PROJECT_KEY = "coding.project";
    public static final String PROJECTS_KEY = "coding.projects";
    public static final String EXCLUDE_KEY = "coding.projects.exclude";

    /** DescribeCodingProjects' page size: PageSize is required by the contract (2.6); 100 keeps a team to a call. */
    public static final int PAGE_SIZE = 100;

    private final String project;
    private final String projects;
    private final String exclude;
    private final List<Pattern> included;
    private final List<Pattern> excluded;

    private ProjectSelection(String project, String projects, String exclude) {
        this.project = project;
        this.projects = projects;
        this.exclude = exclude;
        this.included = patterns(projects);
        this.excluded = patterns(exclude);
    }

    /**
     * The selection of these settings (blank values are unset).
     *
     * @throws IllegalArgumentException naming the keys when both one project and a team selection are set, or when
     *     an exclusion is given without a team selection
     */
    public static ProjectSelection of(String project, String projects, String exclude) {
        String one = blankToEmpty(project);
        String many = blankToEmpty(projects);
        String less = blankToEmpty(exclude);
        if (!one.isEmpty() && !many.isEmpty()) {
            throw new IllegalArgumentException(PROJECT_KEY + "=" + one + " and " + PROJECTS_KEY + "=" + many
                    + " are both set: set " + PROJECT_KEY + " for one project, or " + PROJECTS_KEY
                    + " (* or a comma list of names and globs) for several, not both");
        }
        if (many.isEmpty() && !less.isEmpty()) {
            throw new IllegalArgumentException(EXCLUDE_KEY + "=" + less + " is set without " + PROJECTS_KEY
                    + ": it takes projects out of a team selection (" + PROJECTS_KEY + "=* or a list)");
        }
        ProjectSelection selection = new ProjectSelection(one, many, less);
        if (!many.isEmpty() && selection.included.isEmpty()) {
            throw new IllegalArgumentException(PROJECTS_KEY + "=" + many + " names no project: use * or a comma list");
        }
        return selection;
    }

    /** Whether this is a team selection (coding.projects): then the projects come from DescribeCodingProjects. */
    public boolean isTeam() {
        return !projects.isEmpty();
    }

    /** The one project of coding.project (empty for a team selection, or when neither is set). */
    public String project() {
        return project;
    }

    /** What the settings say, for messages: {@code coding.projects=* less a, b}. */
    public String describe() {
        if (!isTeam()) {
            return PROJECT_KEY + "=" + project;
        }
        return PROJECTS_KEY + "=" + projects + (exclude.isEmpty() ? "" : ", " + EXCLUDE_KEY + "=" + exclude);
    }

    /** Whether {@code name} is selected: it matches an inclusion and no exclusion. */
    public boolean selects(String name) {
        if (!isTeam()) {
            return project.equals(name);
        }
        return included.stream().anyMatch(p -> p.matcher(name).matches())
                && excluded.stream().noneMatch(p -> p.matcher(name).matches());
    }

    /** The selected projects among {@code visible}, in its order. */
    public List<String> match(List<String> visible) {
        return visible.stream().filter(this::selects).toList();
    }

    /**
     * The selected projects among {@code visible}, in its order.
     *
     * @throws NoProjectSelectedException when none is selected, naming what the credential sees
     */
    public List<String> resolve(List<String> visible) {
        List<String> selected = match(visible);
        if (selected.isEmpty()) {
            throw new NoProjectSelectedException(describe() + " selects none of the " + visible.size()
                    + " project" + (visible.size() == 1 ? "" : "s") + " the credential sees"
                    + (visible.isEmpty() ? "" : ": " + String.join(", ", visible))
                    + " (./coding-sync projects lists them)");
        }
        return selected;
    }

    /** The URL names of every project the credential sees: DescribeCodingProjects, page after page. */
    public static List<String> visibleProjects(CodingApiClient client, int pageSize) {
        return visibleProjects(client, pageSize, new ProjectIds());
    }

    /** The same, keeping each listed project's numeric id in {@code ids} (the members table lists by it). */
    public static List<String> visibleProjects(CodingApiClient client, int pageSize, ProjectIds ids) {
        List<String> names = new ArrayList<>();
        Listing pages = client.projects(pageSize);
        while (pages.hasNext()) {
            List<ObjectNode> rows = pages.next().rows();
            ids.listed(rows);
            for (ObjectNode row : rows) {
                String name = Json.text(row, "Name");
                if (name != null && !name.isBlank()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** A comma list of names and globs ({@code *} any characters, {@code ?} one) as patterns of whole names. */
    private static List<Pattern> patterns(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(ProjectSelection::glob)
                .toList();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }

    /** A team selection that selects none of the projects the credential sees. */
    public static final class NoProjectSelectedException extends IllegalArgumentException {
        public NoProjectSelectedException(String message) {
            super(message);
        }
    }
}
