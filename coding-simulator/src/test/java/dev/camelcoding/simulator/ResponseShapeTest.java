package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator answers in the shapes of the recorded CODING responses. */
class ResponseShapeTest {

    static CodingSimulator sim;
    static Api api;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder().issues(300).start();
        api = new Api(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static int firstIssue(java.util.function.Predicate<IssueSnapshot> p) {
        return sim.data().issues().stream().filter(p).findFirst().orElseThrow().code();
    }

    @Test
    void describeIssueHasTheRecordedShapeWithZeroFilledUnsetObjects() {
        JsonNode recorded = Api.recorded("DescribeIssueResponse.json");
        int code = firstIssue(i -> i.type().equals("MISSION") && i.parentCode() == 0 && i.iterationCode() == 0);
        Api.Answer a = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", code);

        assertThat(a.status()).isEqualTo(200);
        assertThat(Shapes.missing(recorded, a.json())).isEmpty();
        JsonNode issue = a.response().get("Issue");
        JsonNode rec = recorded.at("/Response/Issue");
        // unset objects are zero-filled exactly like CODING's
        assertThat(issue.get("Epic")).isEqualTo(rec.get("Epic"));
        assertThat(issue.get("Parent")).isEqualTo(rec.get("Parent"));
        assertThat(issue.get("RequirementType")).isEqualTo(rec.get("RequirementType"));
        assertThat(issue.at("/Iteration/Code").asInt()).isZero();
        assertThat(issue.at("/Iteration/Name").asText()).isEmpty();
        assertThat(issue.get("Priority").isTextual()).isTrue();
        assertThat(issue.get("Code").asInt()).isEqualTo(code);
        assertThat(issue.get("IssueTypeDetail").get("IssueType").asText()).isEqualTo("MISSION");
        assertThat(a.response().get("RequestId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void subTaskHasAParentAndParentListsIt() {
        IssueSnapshot sub = sim.data().issues().stream()
                .filter(i -> i.type().equals("SUB_TASK"))
                .findFirst()
                .orElseThrow();
        JsonNode issue = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", sub.code())
                .response()
                .get("Issue");
        assertThat(issue.at("/Parent/Code").asInt()).isEqualTo(sub.parentCode()).isPositive();
        assertThat(issue.at("/Parent/IssueTypeDetail/Id").asLong()).isPositive();
        JsonNode parent = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", sub.parentCode())
                .response()
                .get("Issue");
        assertThat(parent.get("SubTasks").findValuesAsText("Code")).contains(Integer.toString(sub.code()));
        assertThat(Shapes.missing(
                        Api.recorded("DescribeIssueResponse.json").at("/Response/Issue/Epic"),
                        parent.get("SubTasks").get(0)))
                .isEmpty();
    }

    /**
     * Checks an assumption, not a recording: no DescribeIssueListWithPage response was recorded, so the row fields are
     * the documented ones (coding-api.md 2.1: [DOC22]'s example and [SPEC25]'s additions), as docs/architecture.md
     * "Assumptions" says.
     */
    @Test
    void issueListRowsCarryTheDocumentedFields() {
        JsonNode data = api.call(
                        "DescribeIssueListWithPage",
                        "ProjectName",
                        sim.projectName(),
                        "IssueType",
                        "ALL",
                        "PageNumber",
                        1,
                        "PageSize",
                        50,
                        "ShowSubIssues",
                        true)
                .response()
                .get("Data");
        assertThat(data.fieldNames())
                .toIterable()
                .containsExactly("PageNumber", "PageSize", "TotalPage", "TotalCount", "List");
        for (JsonNode row : data.get("List")) {
            assertThat(row.fieldNames())
                    .toIterable()
                    .contains(
                            "ParentType",
                            "Code",
                            "Type",
                            "Name",
                            "Description",
                            "IterationId",
                            "IssueStatusId",
                            "IssueStatusName",
                            "IssueStatusType",
                            "Priority",
                            "AssigneeId",
                            "StartDate",
                            "DueDate",
                            "WorkingHours",
                            "CreatorId",
                            "StoryPoint",
                            "CreatedAt",
                            "UpdatedAt",
                            "CompletedAt",
                            "Iteration",
                            "IssueTypeDetail",
                            "IssueTypeId",
                            "CustomFields",
                            "ParentId",
                            "ParentCode",
                            "Labels",
                            "Assignees");
            assertThat(row.get("Priority").asText()).matches("[0-3]");
            assertThat(row.get("Iteration").fieldNames()).toIterable().contains("Id", "Code", "Name", "Status");
            row.get("Labels")
                    .forEach(l -> assertThat(l.fieldNames()).toIterable().containsExactly("Id", "Name", "Color"));
            row.get("CustomFields")
                    .forEach(f -> assertThat(f.fieldNames()).toIterable().containsExactly("Id", "ValueString", "Name"));
        }
        assertThat(data.get("List").findValuesAsText("Type"))
                .contains("EPIC", "REQUIREMENT", "MISSION", "DEFECT", "SUB_TASK");
    }

    @Test
    void iterationsHaveTheRecordedShape() {
        JsonNode recorded = Api.recorded("DescribeIterationResponse.json");
        int planned = sim.data().iterations().stream()
                .filter(i -> i.status().equals("WAIT_PROCESS"))
                .findFirst()
                .orElseThrow()
                .code();
        Api.Answer a = api.call("DescribeIteration", "ProjectName", sim.projectName(), "IterationCode", planned);
        assertThat(Shapes.missing(recorded, a.json())).isEmpty();
        JsonNode it = a.response().get("Iteration");
        assertThat(it.fieldNames())
                .toIterable()
                .containsExactlyElementsOf(
                        () -> recorded.at("/Response/Iteration").fieldNames());
        assertThat(it.get("StartAt").asLong()).isEqualTo(-28_800_000L);
        assertThat(it.get("EndAt").asLong()).isEqualTo(-28_800_000L);

        JsonNode list = api.call("DescribeIterationList", "ProjectName", sim.projectName())
                .response();
        assertThat(list.has("data")).isTrue();
        assertThat(list.get("data").fieldNames())
                .toIterable()
                .containsExactly("Page", "PageSize", "TotalPage", "TotalRow", "List");
        assertThat(Shapes.missing(recorded.at("/Response/Iteration"), list.at("/data/List/0")))
                .isEmpty();
    }

    @Test
    void errorsUseTheRecordedEnvelope() {
        JsonNode recorded = Api.recorded("CreateIterationResponseError.json");
        Api.Answer a = api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", 999_999);
        assertThat(a.status()).isEqualTo(200);
        assertThat(Shapes.missing(recorded, a.json())).isEmpty();
        assertThat(a.response().fieldNames()).toIterable().containsExactly("Error", "RequestId");
        assertThat(a.errorCode()).isEqualTo("ResourceNotFound");
    }

    @Test
    void membersProjectsAndUser() {
        JsonNode members = api.call(
                        "DescribeProjectMembers", "ProjectId", sim.projectId(), "PageNumber", 1, "PageSize", 5)
                .response()
                .get("Data");
        assertThat(members.get("TotalCount").asInt()).isEqualTo(12);
        assertThat(members.get("ProjectMembers")).hasSize(5);
        JsonNode m = members.get("ProjectMembers").get(0);
        assertThat(m.fieldNames())
                .toIterable()
                .containsExactly(
                        "Id",
                        "TeamId",
                        "Name",
                        "NamePinYin",
                        "Avatar",
                        "Email",
                        "Phone",
                        "EmailValidation",
                        "PhoneValidation",
                        "Status",
                        "GlobalKey",
                        "Roles");
        assertThat(m.at("/Roles/0").fieldNames()).toIterable().containsExactly("RoleType", "RoleId", "RoleTypeName");
        assertThat(m.at("/Roles/0/RoleId").isNumber()).isTrue();
        JsonNode lastPage = api.call(
                        "DescribeProjectMembers", "ProjectId", sim.projectId(), "PageNumber", 3, "PageSize", 5)
                .response()
                .at("/Data/ProjectMembers");
        assertThat(lastPage).hasSize(2);
        assertThat(api.call("DescribeProjectMembers", "ProjectId", 1).errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(api.call("DescribeProjectMembers").errorCode()).isEqualTo("MissingParameter");

        JsonNode team = api.call("DescribeTeamMembers", "PageNumber", 1, "PageSize", 100)
                .response()
                .get("Data");
        assertThat(team.get("TotalCount").asInt()).isEqualTo(15);
        assertThat(team.get("TeamMembers")).hasSize(15);

        JsonNode projects = api.call("DescribeCodingProjects", "PageNumber", 1, "PageSize", 10)
                .response()
                .get("Data");
        assertThat(projects.get("TotalCount").asInt()).isEqualTo(3);
        assertThat(projects.get("ProjectList").findValuesAsText("Name")).contains(sim.projectName());
        JsonNode project = api.call("DescribeProjectByName", "ProjectName", sim.projectName())
                .response()
                .get("Project");
        assertThat(project.get("Id").asLong()).isEqualTo(sim.projectId());
        assertThat(api.call("DescribeProjectByName", "ProjectName", "nope").errorCode())
                .isEqualTo("ResourceNotFound");

        JsonNode user = api.call("DescribeCodingCurrentUser").response().get("User");
        assertThat(user.get("Id").asLong()).isEqualTo(sim.data().currentUserId());
        assertThat(user.fieldNames())
                .toIterable()
                .contains(
                        "Id",
                        "Status",
                        "Email",
                        "GlobalKey",
                        "Avatar",
                        "Name",
                        "NamePinYin",
                        "Phone",
                        "PhoneValidation",
                        "EmailValidation",
                        "PhoneRegionCode",
                        "TeamId");
    }

    @Test
    void issueMetadata() {
        JsonNode types = api.call("DescribeProjectIssueTypeList", "ProjectName", sim.projectName())
                .response()
                .get("IssueTypes");
        assertThat(types.findValuesAsText("IssueType"))
                .containsExactly("EPIC", "REQUIREMENT", "DEFECT", "MISSION", "SUB_TASK");
        assertThat(types.findValuesAsText("Name")).contains("史诗", "用户故事", "任务", "缺陷", "子工作项");
        assertThat(types.get(0).fieldNames())
                .toIterable()
                .containsExactly(
                        "Id", "Name", "IssueType", "Description", "IsSystem", "SplitType", "SplitTargetIssueTypeId");
        assertThat(api.call("DescribeTeamIssueTypeList").response().get("IssueTypes"))
                .hasSize(5);

        JsonNode statuses = api.call(
                        "DescribeProjectIssueStatusList", "ProjectName", sim.projectName(), "IssueType", "DEFECT")
                .response()
                .get("ProjectIssueStatusList");
        assertThat(statuses.findValuesAsText("Name")).contains("未开始", "处理中", "待验证", "已完成");
        assertThat(statuses.get(0).get("IsDefault").asBoolean()).isTrue();
        assertThat(statuses.get(0).at("/IssueStatus/Type").asText()).isEqualTo("TODO");

        JsonNode fields = api.call(
                        "DescribeProjectIssueFieldList", "ProjectName", sim.projectName(), "IssueType", "REQUIREMENT")
                .response()
                .get("ProjectIssueFieldList");
        List<String> components = fields.findValuesAsText("ComponentType");
        assertThat(components)
                .contains("SELECT_SINGLE", "TEXT_SINGLE_LINE", "SELECT_MEMBER_SINGLE", "TEXT_DATETIME", "TEXT_INTEGER");
        assertThat(fields.findValuesAsText("Type")).contains("ASSIGNEE", "WATCHER", "CUSTOM");
        assertThat(api.call("DescribeProjectIssueFieldList", "ProjectName", sim.projectName())
                        .errorCode())
                .isEqualTo("MissingParameter");
    }

    @Test
    void customFieldValuesMatchTheirFieldKinds() {
        IssueSnapshot withMember = sim.data().issues().stream()
                .filter(i ->
                        i.customFields().containsKey("验收人") && i.customFields().containsKey("计划上线时间"))
                .findFirst()
                .orElseThrow();
        assertThat(withMember.customFields().get("验收人")).startsWith("{\"Id\":");
        assertThat(withMember.customFields().get("计划上线时间")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    }

    @Test
    void commentsOfAnIssue() {
        int code = sim.data().issues().stream()
                .filter(i -> !sim.data().comments(i.code()).isEmpty())
                .findFirst()
                .orElseThrow()
                .code();
        JsonNode list = api.call("DescribeIssueCommentList", "ProjectName", sim.projectName(), "IssueCode", code)
                .response()
                .get("CommentList");
        assertThat(list).hasSize(sim.data().comments(code).size());
        assertThat(list.get(0).fieldNames())
                .toIterable()
                .contains("CommentId", "ParentId", "Content", "RawContent", "CreatorId", "CreatedAt", "UpdatedAt");
        assertThat(list.get(0).get("Content").asText()).startsWith("<");
    }
}
