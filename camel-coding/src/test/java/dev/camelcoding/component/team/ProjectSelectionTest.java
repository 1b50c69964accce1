package dev.camelcoding.component.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.simulator.CodingSimulator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectSelectionTest {

    /** What a credential might see, in DescribeCodingProjects' order. */
    private static final List<String> TEAM =
            List.of("demo-project", "sandbox", "legacy-portal", "mobile-app", "mobile-web", "ops", "ops-2");

    @Test
    void allSelectsEveryProjectTheCredentialSees() {
        ProjectSelection all = ProjectSelection.of("", "*", "");
        assertThat(all.isTeam()).isTrue();
        assertThat(all.resolve(TEAM)).isEqualTo(TEAM);
    }

    @Test
    void allExceptLeavesOutTheExcludedNamesAndGlobs() {
        assertThat(ProjectSelection.of("", "*", "sandbox, legacy-*").resolve(TEAM))
                .containsExactly("demo-project", "mobile-app", "mobile-web", "ops", "ops-2");
    }

    @Test
    void onlyTheseTakesNamesAndGlobsInTheTeamsOrder() {
        assertThat(ProjectSelection.of(null, "ops,mobile-*", null).resolve(TEAM))
                .containsExactly("mobile-app", "mobile-web", "ops");
        assertThat(ProjectSelection.of(null, "ops-?", null).resolve(TEAM)).containsExactly("ops-2");
        // a glob's other characters are literal: a dot is no regular expression wildcard
        assertThat(ProjectSelection.of(null, "ops.2", null).match(TEAM)).isEmpty();
    }

    @Test
    void oneProjectNeedsNoListing() {
        ProjectSelection one = ProjectSelection.of("demo-project", "", "");
        assertThat(one.isTeam()).isFalse();
        assertThat(one.project()).isEqualTo("demo-project");
        assertThat(one.selects("sandbox")).isFalse();
    }

    @Test
    void bothSettingsAreAConfigurationError() {
        assertThatThrownBy(() -> ProjectSelection.of("demo-project", "*", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coding.project=demo-project")
                .hasMessageContaining("coding.projects=*")
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> ProjectSelection.of("demo-project", "", "ops"))
                .hasMessageContaining("coding.projects.exclude=ops is set without coding.projects");
    }

    @Test
    void aSelectionMatchingNothingNamesWhatTheCredentialSees() {
        assertThatThrownBy(() -> ProjectSelection.of("", "*", "*").resolve(TEAM))
                .isInstanceOf(ProjectSelection.NoProjectSelectedException.class)
                .hasMessageContaining("selects none of the 7 projects the credential sees")
                .hasMessageContaining("demo-project, sandbox, legacy-portal, mobile-app, mobile-web, ops, ops-2");
        assertThatThrownBy(() -> ProjectSelection.of("", "nope", "").resolve(List.of()))
                .hasMessageContaining("selects none of the 0 projects the credential sees");
    }

    @Test
    void theVisibleProjectsAreReadPageAfterPage() {
        // the simulator answers DescribeCodingProjects in the contract's shape (2.6: Data{PageNumber, PageSize,
        // TotalCount, ProjectList}); 3 projects of its own plus 4 added, 2 a page: 4 pages
        try (CodingSimulator sim = CodingSimulator.builder()
                        .issues(1)
                        .addProject("mobile-app", 1)
                        .addProject("mobile-web", 1)
                        .addProject("ops", 1)
                        .addProject("ops-2", 1)
                        .start();
                CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                        .apiUrl(sim.baseUrl())
                        .credentials(CodingCredentials.personalToken(sim.personalToken()))
                        .requestsPerSecond(1000)
                        .build())) {
            List<String> visible = ProjectSelection.visibleProjects(client, 2);
            assertThat(visible)
                    .containsExactly(
                            sim.projectName(), "sandbox", "legacy-portal", "mobile-app", "mobile-web", "ops", "ops-2");
            assertThat(sim.counters().snapshot()).containsEntry("DescribeCodingProjects", 4L);
        }
    }
}
