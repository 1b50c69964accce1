package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.simulator.CodingSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog's contents for every table: each declared model names exactly the fields of the rows its Schema class
 * builds from CODING's answers (the recorded DescribeIssue and DescribeIteration responses, and the simulator's
 * answers for the other tables), and the custom fields are the simulator's, merged by id over its issue types.
 */
class SchemaCatalogTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private CodingSimulator sim;
    private CodingApiClient client;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(20).iterations(2).members(3).start();
        client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(sim.baseUrl())
                .credentials(CodingCredentials.personalToken(sim.personalToken()))
                .requestsPerSecond(1000)
                .build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static JsonNode recorded(String name) throws Exception {
        // the repository's one copy of the recordings (recorded/), on the test class path of every module
        try (java.io.InputStream in = SchemaCatalogTest.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded fixture " + name);
            }
            return MAPPER.readTree(in).path("Response");
        }
    }

    private static List<String> names(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void everyModelNamesTheFieldsOfItsRowsInOrder() throws Exception {
        ObjectNode issue =
                IssueSchema.fromApi(recorded("DescribeIssueResponse.json").path("Issue"), "p");
        new CustomFieldNormalizer(Map.of()).apply(issue);
        assertThat(IssueSchema.MODEL.fieldNames()).isEqualTo(names(issue));
        assertThat(IterationSchema.MODEL.fieldNames())
                .isEqualTo(names(IterationSchema.fromApi(
                        recorded("DescribeIterationResponse.json").path("Iteration"), "p")));
        String project = sim.projectName();
        assertThat(ProjectSchema.MODEL.fieldNames())
                .isEqualTo(names(ProjectSchema.fromApi(client.projectByName(project), sim.team())));
        ObjectNode member =
                client.projectMembers(sim.projectId(), 50).rows().findFirst().orElseThrow();
        assertThat(MemberSchema.MODEL.fieldNames()).isEqualTo(names(MemberSchema.fromApi(member, project)));
        assertThat(IssueTypeSchema.MODEL.fieldNames())
                .isEqualTo(names(IssueTypeSchema.fromApi(
                        client.projectIssueTypes(project).get(0), project)));
        assertThat(IssueFieldSchema.MODEL.fieldNames())
                .isEqualTo(names(IssueFieldSchema.fromApi(
                        client.projectIssueFields(project, "DEFECT").get(0), project, "DEFECT")));
        assertThat(IssueStatusSchema.MODEL.fieldNames())
                .isEqualTo(names(IssueStatusSchema.fromApi(
                        client.projectIssueStatuses(project, "DEFECT").get(0), project, "DEFECT")));
        int code = sim.data().issueCodes()[0];
        long commented = sim.addComment(code, "hello");
        ObjectNode comment = client.issueComments(project, code).stream()
                .filter(c -> c.path("CommentId").asLong() == commented)
                .findFirst()
                .orElseThrow();
        assertThat(CommentSchema.MODEL.fieldNames()).isEqualTo(names(CommentSchema.fromApi(comment, project, code)));
        assertThat(TableModels.all()).hasSize(8);
    }

    @Test
    void customFieldsAreMergedByIdOverTheIssueTypesThatHaveThem() {
        long severity = sim.addCustomField("严重程度", "SELECT_SINGLE", List.of("轻微", "严重"), List.of("DEFECT"));
        SchemaCatalog catalog = new SchemaDiscovery(client, sim.team(), sim.projectName(), Instant::now).discover();
        assertThat(catalog.customFields())
                .extracting(CustomField::name)
                .containsExactlyElementsOf(concat(sim.data().customFieldNames()));
        CustomField added = catalog.customFieldsById().get(severity);
        assertThat(added.componentType()).isEqualTo(ComponentType.SELECT_SINGLE);
        assertThat(added.issueTypes()).containsExactly("DEFECT");
        assertThat(added.options()).isEqualTo(Map.of("1", "轻微", "2", "严重"));
        CustomField customer = catalog.customFieldsById().get(20001L);
        assertThat(customer.issueTypes())
                .containsExactlyInAnyOrder("EPIC", "REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK");
        assertThat(catalog.issueTypes()).hasSize(5);
        assertThat(catalog.statuses())
                .extracting(SchemaCatalog.StatusInfo::issueType)
                .contains("DEFECT");
        // models: 8 tables + 5 types + the (type, field) rows + the (type, status) rows
        long typeStatuses = List.of("EPIC", "REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK").stream()
                .mapToLong(t -> sim.data().statusNames(t).size())
                .sum();
        assertThat(catalog.modelCount()).isEqualTo(8 + 5 + catalog.issueTypeFields() + typeStatuses);

        JsonNode doc = catalog.toJson(3);
        assertThat(doc.path("version").asLong()).isEqualTo(3);
        assertThat(doc.path("$defs").path("issues").path("x-key").toString()).isEqualTo("[\"project\",\"code\"]");
        assertThat(doc.path("$defs")
                        .path("issues")
                        .path("properties")
                        .path("created_at")
                        .path("format")
                        .asText())
                .isEqualTo("epoch-millis");
        assertThat(doc.path("$defs")
                        .path("issues")
                        .path("properties")
                        .path("custom")
                        .path("properties")
                        .path(Long.toString(severity))
                        .path("x-component-type")
                        .asText())
                .isEqualTo("SELECT_SINGLE");
    }

    private static List<String> concat(List<String> names) {
        return names;
    }

    @Test
    void aSignatureReportsAddedRemovedAndRetypedFields() {
        SchemaCatalog catalog = new SchemaDiscovery(client, sim.team(), sim.projectName(), Instant::now).discover();
        CatalogSignature v1 = catalog.signature(1);
        Map<String, String> changed = new java.util.TreeMap<>(v1.fields());
        changed.remove("issues.custom.20002");
        changed.put("issues.custom.20099", "TEXT_DECIMAL");
        changed.put("issues.custom.20001", "SELECT_MULTI");
        CatalogSignature v2 = new CatalogSignature(2, "other", changed);
        assertThat(v2.changesSince(v1))
                .extracting(Object::toString)
                .containsExactly(
                        "issues.custom.20001 retyped from SELECT_SINGLE to SELECT_MULTI",
                        "issues.custom.20002 removed (was TEXT_SINGLE_LINE)",
                        "issues.custom.20099 added (TEXT_DECIMAL)");
        assertThat(CatalogSignature.fromJson(v2.toJson())).isEqualTo(v2);
    }
}
