package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A simulator that serves a team: several projects with their own data, listed by DescribeCodingProjects as the
 * contract shapes it, added and removed at run time, and projects the credential may not see or use.
 */
class TeamProjectsTest {

    CodingSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** A response example of the contract (the CODING OpenAPI export), see src/test/resources/contract. */
    static JsonNode contract(String action) {
        try (InputStream in = TeamProjectsTest.class.getResourceAsStream("/contract/" + action + ".json")) {
            return Api.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode data(Api.Answer a) {
        assertThat(a.errorCode()).as("error of %s", a.json()).isNull();
        return a.response();
    }

    @Test
    void everyProjectAnswersWithItsOwnIssuesIterationsMembersCommentsAndFields() {
        sim = CodingSimulator.builder()
                .issues(30)
                .maxCommentsPerIssue(5)
                .addProject("mobile-app", p -> p.issues(12).iterations(2).members(3))
                .addProject("ops", p -> p.issues(5).iterations(1).members(2))
                .start();
        Api api = new Api(sim);
        SimulatedProject mobile = sim.project("mobile-app");
        SimulatedProject ops = sim.project("ops");

        assertThat(List.of(sim.projectName(), mobile.name(), ops.name())).doesNotHaveDuplicates();
        assertThat(Set.of(sim.projectId(), mobile.id(), ops.id())).hasSize(3);

        // Issues: each project's own count, and different issues behind the same code.
        assertThat(issueCount(api, sim.projectName())).isEqualTo(30);
        assertThat(issueCount(api, "mobile-app")).isEqualTo(12);
        assertThat(issueCount(api, "ops")).isEqualTo(5);
        JsonNode defaultFirst = data(api.call("DescribeIssue", "ProjectName", sim.projectName(), "IssueCode", 2))
                .get("Issue");
        JsonNode mobileFirst = data(api.call("DescribeIssue", "ProjectName", "mobile-app", "IssueCode", 2))
                .get("Issue");
        assertThat(mobileFirst.get("Name").asText())
                .isNotEqualTo(defaultFirst.get("Name").asText());
        assertThat(mobileFirst.at("/Project/Id").asLong()).isEqualTo(mobile.id());
        assertThat(defaultFirst.at("/Project/Id").asLong()).isEqualTo(sim.projectId());
        assertThat(api.call("DescribeIssue", "ProjectName", "ops", "IssueCode", 6)
                        .errorCode())
                .isEqualTo("ResourceNotFound");

        // Iterations and members: sizes per project; members are users of the one team.
        assertThat(data(api.call("DescribeIterationList", "ProjectName", "mobile-app", "Limit", 50))
                        .at("/data/TotalRow")
                        .asInt())
                .isEqualTo(2);
        assertThat(data(api.call("DescribeIterationList", "ProjectName", sim.projectName(), "Limit", 50))
                        .at("/data/TotalRow")
                        .asInt())
                .isEqualTo(8);
        JsonNode opsMembers = data(api.call(
                        "DescribeProjectMembers", "ProjectId", ops.id(), "PageNumber", 1, "PageSize", 50))
                .get("Data");
        assertThat(opsMembers.get("TotalCount").asInt()).isEqualTo(2);
        Set<Long> teamIds = new HashSet<>();
        data(api.call("DescribeTeamMembers", "PageNumber", 1, "PageSize", 100))
                .at("/Data/TeamMembers")
                .forEach(u -> teamIds.add(u.get("Id").asLong()));
        opsMembers
                .get("ProjectMembers")
                .forEach(u -> assertThat(teamIds).contains(u.get("Id").asLong()));
        assertThat(mobile.data().currentUserId()).isEqualTo(sim.data().currentUserId());

        // Comments follow the project's issue.
        int withComments = firstIssueWithComments(mobile);
        JsonNode comments = data(api.call(
                        "DescribeIssueCommentList", "ProjectName", "mobile-app", "IssueCode", withComments))
                .get("CommentList");
        assertThat(comments.size())
                .isEqualTo(mobile.data().comments(withComments).size());
        assertThat(comments.get(0).get("CommentId").asLong())
                .isEqualTo(mobile.data().comments(withComments).get(0).commentId());

        // A field added to one project is that project's only.
        mobile.addCustomField("发布渠道", "SELECT_SINGLE", List.of("App Store", "Google Play"), List.of());
        assertThat(fieldNames(api, "mobile-app")).contains("发布渠道");
        assertThat(fieldNames(api, sim.projectName())).doesNotContain("发布渠道");
        assertThat(data(api.call("DescribeProjectIssueTypeList", "ProjectName", "ops"))
                        .get("IssueTypes")
                        .size())
                .isEqualTo(5);

        // A change in one project moves only that project's data.
        long before = sim.data().version();
        int code = ops.createIssue("DEFECT", "Disk full on the build agent");
        assertThat(issueCount(api, "ops")).isEqualTo(6);
        assertThat(issueCount(api, sim.projectName())).isEqualTo(30);
        assertThat(sim.data().version()).isEqualTo(before);
        assertThat(ops.data().issue(code).orElseThrow().name()).isEqualTo("Disk full on the build agent");
    }

    private static int issueCount(Api api, String project) {
        return data(api.call(
                        "DescribeIssueListWithPage",
                        "ProjectName",
                        project,
                        "IssueType",
                        "ALL",
                        "ShowSubIssues",
                        true,
                        "PageNumber",
                        1,
                        "PageSize",
                        1))
                .at("/Data/TotalCount")
                .asInt();
    }

    private static int firstIssueWithComments(SimulatedProject p) {
        for (int code : p.data().issueCodes()) {
            if (!p.data().comments(code).isEmpty()) {
                return code;
            }
        }
        throw new AssertionError("no issue of " + p.name() + " has comments");
    }

    private static List<String> fieldNames(Api api, String project) {
        List<String> out = new ArrayList<>();
        data(api.call("DescribeProjectIssueFieldList", "ProjectName", project, "IssueType", "REQUIREMENT"))
                .get("ProjectIssueFieldList")
                .forEach(f -> out.add(f.at("/IssueField/Name").asText()));
        return out;
    }

    @Test
    void describeCodingProjectsPagesTheTeamInTheContractsShape() {
        CodingSimulator.Builder b = CodingSimulator.builder().issues(5);
        for (int k = 1; k <= 5; k++) {
            b.addProject("team-project-" + k, k);
        }
        sim = b.start();
        Api api = new Api(sim);
        JsonNode example = contract("DescribeCodingProjects").get("Response");

        List<String> names = new ArrayList<>();
        int[] sizes = new int[4];
        for (int page = 1; page <= 4; page++) {
            JsonNode r = data(api.call("DescribeCodingProjects", "PageNumber", page, "PageSize", 3));
            assertThat(Shapes.missing(example, r)).as("page %d", page).isEmpty();
            JsonNode d = r.get("Data");
            assertThat(d.get("PageNumber").asInt()).isEqualTo(page);
            assertThat(d.get("PageSize").asInt()).isEqualTo(3);
            assertThat(d.get("TotalCount").asInt()).isEqualTo(8); // the default, its 2 listed neighbours, 5 added
            sizes[page - 1] = d.get("ProjectList").size();
            d.get("ProjectList").forEach(pr -> names.add(pr.get("Name").asText()));
        }
        assertThat(sizes).containsExactly(3, 3, 2, 0);
        assertThat(names).doesNotHaveDuplicates().hasSize(8);
        assertThat(names)
                .contains(sim.projectName(), "team-project-1", "team-project-5")
                .containsAll(sim.projects().stream().map(SimulatedProject::name).toList());

        // The ProjectName filter matches a part of the name, and TotalCount counts the matches.
        JsonNode filtered = data(api.call(
                        "DescribeCodingProjects", "PageNumber", 1, "PageSize", 20, "ProjectName", "team-"))
                .get("Data");
        assertThat(filtered.get("TotalCount").asInt()).isEqualTo(5);

        // Every listed project answers the project actions, the listed neighbours too (empty).
        JsonNode listed = data(api.call("DescribeProjectByName", "ProjectName", "team-project-3"))
                .get("Project");
        assertThat(listed.get("Id").asLong())
                .isEqualTo(sim.project("team-project-3").id());
        assertThat(issueCount(api, "team-project-3")).isEqualTo(3);
        assertThat(issueCount(api, "sandbox")).isZero();
    }

    @Test
    void projectsAddedAndRemovedAtRunTime() {
        sim = CodingSimulator.builder().issues(10).start();
        Api api = new Api(sim);
        assertThat(total(api)).isEqualTo(3);
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", "late-comer", "IssueType", "ALL")
                        .errorCode())
                .isEqualTo("ResourceNotFound");

        SimulatedProject late = sim.addProject("late-comer", p -> p.issues(7).members(2));
        assertThat(total(api)).isEqualTo(4);
        assertThat(issueCount(api, "late-comer")).isEqualTo(7);
        assertThat(data(api.call("DescribeProjectMembers", "ProjectId", late.id(), "PageNumber", 1, "PageSize", 10))
                        .at("/Data/TotalCount")
                        .asInt())
                .isEqualTo(2);
        assertThatThrownBy(() -> sim.addProject("late-comer", 1)).isInstanceOf(IllegalArgumentException.class);

        sim.removeProject("late-comer");
        assertThat(total(api)).isEqualTo(3);
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", "late-comer", "IssueType", "ALL")
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThat(api.call("DescribeProjectMembers", "ProjectId", late.id(), "PageNumber", 1, "PageSize", 10)
                        .errorCode())
                .isEqualTo("ResourceNotFound");
        assertThatThrownBy(() -> sim.removeProject(sim.projectName())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sim.project("late-comer")).isInstanceOf(IllegalArgumentException.class);
    }

    private static int total(Api api) {
        return data(api.call("DescribeCodingProjects", "PageNumber", 1, "PageSize", 20))
                .at("/Data/TotalCount")
                .asInt();
    }

    @Test
    void aProjectTheCredentialMayNotSeeOrUse() {
        sim = CodingSimulator.builder()
                .issues(10)
                .addProject("secret-lab", 4)
                .addProject("archive", 4)
                .start();
        Api api = new Api(sim);
        long labId = sim.project("secret-lab").id();

        // Hidden: not listed, and every action answers exactly as for a project that does not exist.
        sim.projectAccess("secret-lab", ProjectAccess.HIDDEN);
        List<String> listed = new ArrayList<>();
        data(api.call("DescribeCodingProjects", "PageNumber", 1, "PageSize", 20))
                .at("/Data/ProjectList")
                .forEach(p -> listed.add(p.get("Name").asText()));
        assertThat(listed).doesNotContain("secret-lab").contains("archive");
        Api.Answer hidden = api.call("DescribeIssueListWithPage", "ProjectName", "secret-lab", "IssueType", "ALL");
        Api.Answer unknown = api.call("DescribeIssueListWithPage", "ProjectName", "no-such-lab", "IssueType", "ALL");
        assertThat(hidden.errorCode()).isEqualTo("ResourceNotFound").isEqualTo(unknown.errorCode());
        assertThat(hidden.response().at("/Error/Message").asText())
                .isEqualTo(unknown.response().at("/Error/Message").asText().replace("no-such-lab", "secret-lab"));
        assertThat(api.call("DescribeProjectMembers", "ProjectId", labId, "PageNumber", 1, "PageSize", 10)
                        .errorCode())
                .isEqualTo("ResourceNotFound");

        // Denied: listed, but every action naming it answers the missing permission.
        sim.projectAccess("archive", ProjectAccess.DENIED);
        assertThat(api.call("DescribeIssueListWithPage", "ProjectName", "archive", "IssueType", "ALL")
                        .errorCode())
                .isEqualTo("UnauthorizedOperation");
        assertThat(api.call("DescribeIteration", "ProjectName", "archive", "IterationCode", 1)
                        .errorCode())
                .isEqualTo("UnauthorizedOperation");
        assertThat(api.call(
                                "DescribeProjectMembers",
                                "ProjectId",
                                sim.project("archive").id(),
                                "PageNumber",
                                1,
                                "PageSize",
                                10)
                        .errorCode())
                .isEqualTo("UnauthorizedOperation");
        // The other projects keep answering.
        assertThat(issueCount(api, sim.projectName())).isEqualTo(10);

        sim.projectAccess("secret-lab", ProjectAccess.FULL);
        assertThat(issueCount(api, "secret-lab")).isEqualTo(4);
    }

    @Test
    void theOneProjectApiActsOnTheDefaultProject() {
        sim = CodingSimulator.builder().issues(10).addProject("other", 3).start();
        Api api = new Api(sim);
        assertThat(sim.defaultProject().name()).isEqualTo(sim.projectName());
        assertThat(sim.projects().get(0).id()).isEqualTo(sim.projectId());

        int code = sim.createIssue("MISSION", "Only in the default project");
        sim.updateIssue(code, e -> e.status("COMPLETED"));
        assertThat(issueCount(api, sim.projectName())).isEqualTo(11);
        assertThat(issueCount(api, "other")).isEqualTo(3);
        assertThat(sim.data().issue(code)).isPresent();
        assertThat(sim.project("other").data().issue(code)).isEmpty();
    }

    @Test
    void theAdminApiAddsRemovesAndHidesProjectsOfARunningSimulator() {
        sim = CodingSimulator.builder().issues(5).start();
        Api api = new Api(sim);
        String admin = sim.siteUrl() + "/_simulator";

        JsonNode added = admin("POST", admin + "/projects", "{\"Name\":\"curl-made\",\"Issues\":6,\"Members\":2}");
        assertThat(added.get("Id").asLong()).isEqualTo(sim.project("curl-made").id());
        assertThat(issueCount(api, "curl-made")).isEqualTo(6);
        JsonNode code =
                admin("POST", admin + "/issues", "{\"Project\":\"curl-made\",\"Type\":\"DEFECT\",\"Name\":\"x\"}");
        assertThat(code.get("Code").asInt()).isEqualTo(7);
        assertThat(issueCount(api, "curl-made")).isEqualTo(7);
        assertThat(issueCount(api, sim.projectName())).isEqualTo(5);
        assertThat(admin("GET", admin + "/projects", "").get("Projects").findValuesAsText("Name"))
                .contains("curl-made", sim.projectName());

        admin("POST", admin + "/projects/curl-made/access", "{\"Access\":\"HIDDEN\"}");
        assertThat(total(api)).isEqualTo(3);
        admin("POST", admin + "/projects/curl-made/access", "{\"Access\":\"FULL\"}");
        assertThat(total(api)).isEqualTo(4);
        admin("POST", admin + "/service-hooks", "{\"Deny\":true}");
        assertThat(api.call("DescribeServiceHooks", "ProjectId", sim.projectId())
                        .errorCode())
                .isEqualTo("UnauthorizedOperation");

        admin("DELETE", admin + "/projects/curl-made", "");
        assertThat(total(api)).isEqualTo(3);
    }

    private static JsonNode admin(String method, String url, String body) {
        Api.Answer a = Api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertThat(a.status()).as("%s %s: %s", method, url, a.json()).isEqualTo(200);
        return a.json();
    }
}
