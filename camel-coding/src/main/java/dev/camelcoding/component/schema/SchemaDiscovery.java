package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads a project's schema from CODING: its issue types (DescribeProjectIssueTypeList; when a project lists none,
 * the team's, DescribeTeamIssueTypeList), then per issue type its fields (DescribeProjectIssueFieldList) and its
 * statuses (DescribeProjectIssueStatusList), by type id since a project may have several types of one kind. Custom
 * fields ({@code IssueField.Type = CUSTOM}) are merged by field id: one field used by three types is one field with
 * three issue types. Costs 1 + 2 x (issue types) calls, or fewer through shared {@link ReferenceReads}: the answers the
 * reference tables read within {@link #REUSE_WITHIN} are not asked again.
 */
public final class SchemaDiscovery {

    /**
     * How old an answer of the reference tables the schema reuses: their default poll delay (10 min). The catalog is
     * then never older than those tables' rows, and an hourly refresh never takes its own previous answer (an hour
     * old) for a fresh one.
     */
    public static final Duration REUSE_WITHIN = Duration.ofMinutes(10);

    private final ReferenceReads reads;
    private final String team;
    private final String project;
    private final Supplier<Instant> clock;

    /** A reading of its own: every call made (a one-off read: the schema command, verify). */
    public SchemaDiscovery(CodingApiClient client, String team, String project, Supplier<Instant> clock) {
        this(
                new ReferenceReads(client, team, project, ReferenceAnswers.unshared(), Duration.ZERO),
                team,
                project,
                clock);
    }

    /** A reading through {@code reads}: answers the reference tables read recently are reused. */
    public SchemaDiscovery(ReferenceReads reads, String team, String project, Supplier<Instant> clock) {
        this.reads = reads;
        this.team = team == null ? "" : team;
        this.project = project;
        this.clock = clock;
    }

    public SchemaCatalog discover() {
        List<ObjectNode> typeRows = reads.issueTypes();
        List<SchemaCatalog.IssueTypeInfo> types = new ArrayList<>();
        for (ObjectNode row : typeRows) {
            types.add(new SchemaCatalog.IssueTypeInfo(
                    Json.longValue(row, "Id", 0), Json.text(row, "Name"), Json.text(row, "IssueType")));
        }
        types.sort(Comparator.comparingLong(SchemaCatalog.IssueTypeInfo::id));
        Map<Long, FieldDraft> custom = new TreeMap<>();
        List<SchemaCatalog.StatusInfo> statuses = new ArrayList<>();
        int typeFields = 0;
        for (SchemaCatalog.IssueTypeInfo type : types) {
            for (ObjectNode row : reads.fields(type.id())) {
                typeFields++;
                JsonNode field = Json.field(row, "IssueField");
                long id = Json.longValue(row, "IssueFieldId", 0);
                if (id == 0) {
                    id = Json.longValue(field, "Id", 0);
                }
                if (id != 0 && "CUSTOM".equals(Json.text(field, "Type"))) {
                    custom.computeIfAbsent(id, k -> new FieldDraft(field))
                            .issueTypes
                            .add(type.issueType());
                }
            }
            for (ObjectNode row : reads.statuses(type.id())) {
                JsonNode status = Json.field(row, "IssueStatus");
                long id = Json.longValue(row, "IssueStatusId", 0);
                statuses.add(new SchemaCatalog.StatusInfo(
                        type.issueType(),
                        id != 0 ? id : Json.longValue(status, "Id", 0),
                        Json.text(status, "Name"),
                        Json.text(status, "Type")));
            }
        }
        statuses.sort(Comparator.comparing(SchemaCatalog.StatusInfo::issueType)
                .thenComparingLong(SchemaCatalog.StatusInfo::id));
        List<CustomField> fields = new ArrayList<>();
        custom.forEach((id, draft) -> fields.add(draft.build(id)));
        return new SchemaCatalog(
                team, project, TableModels.all(), fields, types, dedupe(statuses), typeFields, clock.get());
    }

    /** Two types of one kind list the same statuses: keep each (kind, status) once. */
    private static List<SchemaCatalog.StatusInfo> dedupe(List<SchemaCatalog.StatusInfo> statuses) {
        return statuses.stream().distinct().toList();
    }

    /** A custom field as first seen, collecting the issue types that have it. */
    private static final class FieldDraft {
        final JsonNode field;
        final TreeSet<String> issueTypes = new TreeSet<>();

        FieldDraft(JsonNode field) {
            this.field = field;
        }

        CustomField build(long id) {
            Map<String, String> options = new LinkedHashMap<>();
            for (JsonNode option : Json.array(field, "Options")) {
                String value = Json.text(option, "Value");
                if (value != null) {
                    String title = Json.text(option, "Title");
                    options.put(value, title == null ? "" : title);
                }
            }
            return new CustomField(
                    id,
                    Json.text(field, "Name"),
                    ComponentType.of(Json.text(field, "ComponentType")),
                    options,
                    new ArrayList<>(issueTypes));
        }
    }
}
