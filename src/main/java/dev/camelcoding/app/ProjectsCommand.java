package dev.camelcoding.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.team.ProjectSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code projects}: what the credential can see of the team (DescribeCodingProjects, every page), each project's issue
 * count (the TotalCount of a one-row DescribeIssueListWithPage page, the cheapest call that has it) and whether this
 * configuration syncs it. The CODING client is the one the configured {@code coding} component builds, with its rate
 * limit, as in {@code test}; the calls made are printed.
 */
@Command(
        name = "projects",
        mixinStandardHelpOptions = true,
        description = {
            "List the team's projects the credential can see, with each project's issue count and whether"
                    + " this configuration syncs it (coding.project, or coding.projects less coding.projects.exclude)."
                    + " One call per 100 projects, plus one per project for its issue count (--no-counts: none)."
                    + " Exit code 3 when CODING refuses the credential.",
            "--refresh: instead of listing, asks every running run of this team selection (coding.projects) to read"
                    + " its project list now rather than at its next coding.projects.refresh-interval: a new project"
                    + " starts its backfill, one no longer listed stops, one listed again or whose access came back"
                    + " syncs again. The request is kept in the store (coding.store.url, or the embedded file under"
                    + " coding.data-dir), where a running run looks every "
                    + "2 s; this command makes no CODING call."
        })
final class ProjectsCommand implements Callable<Integer> {

    /** DescribeCodingProjects' page size: the contract's PageSize is required; 100 keeps a team to a call or two. */
    static final int PAGE_SIZE = 100;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--no-counts", description = "do not ask each project's issue count (one call per project saved)")
    boolean noCounts;

    @Option(
            names = "--refresh",
            description = "ask the running sync(s) of this coding.projects selection to read the project list now"
                    + " (through the store), instead of listing")
    boolean refresh;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "0",
            description = "with --refresh: wait up to this many seconds for a running sync to answer and print what it"
                    + " started (default ${DEFAULT-VALUE}: only ask); exit 1 when none answered by then")
    long waitSeconds;

    /** One line of the listing. */
    record Listed(long id, String name, String displayName, boolean archived, String issues, boolean synced) {}

    @Override
    public Integer call() {
        SyncSettings settings = config.settings();
        new SettingsCheck(settings).validate();
        // coding.project, or a team selection (coding.projects less coding.projects.exclude)
        ProjectSelection synced = new SettingsCheck(settings).projectSelection();
        if (refresh) {
            return new ProjectListRefreshAsk(settings, synced).ask(Duration.ofSeconds(Math.max(0, waitSeconds)));
        }
        try (SyncApplication app = new SyncApplication(settings)) {
            app.start(false);
            CodingClientOptions options = app.camel()
                    .getComponent("coding", CodingComponent.class)
                    .getConfiguration()
                    .clientOptions();
            int calls = 0;
            List<Listed> listed = new ArrayList<>();
            try (CodingApiClient client = new CodingApiClient(options)) {
                var pages = client.projects(PAGE_SIZE);
                while (pages.hasNext()) {
                    calls++;
                    for (ObjectNode project : pages.next().rows()) {
                        String name = Json.text(project, "Name");
                        String issues = "-";
                        if (!noCounts) {
                            calls++;
                            issues = issueCount(client, name);
                        }
                        listed.add(new Listed(
                                project.path("Id").asLong(),
                                name,
                                Json.text(project, "DisplayName"),
                                project.path("Archived").asBoolean(false),
                                issues,
                                name != null && synced.selects(name)));
                    }
                }
            } catch (CodingAuthenticationException | CodingPermissionException refused) {
                System.err.println("coding-sync projects: CODING refused the credential: " + refused.getMessage());
                return ExitCode.CODING_REFUSED.code();
            }
            print(settings.get("coding.team"), listed, calls, synced.isTeam() ? "coding.projects" : "coding.project");
            return ExitCode.OK.code();
        }
    }

    /** The project's issue count, or why it has none to show (the credential may see a project but not its issues). */
    private static String issueCount(CodingApiClient client, String project) {
        try {
            return Long.toString(
                    client.issuePage(IssueQuery.byUpdateTime(project, 1), 1).totalCount());
        } catch (CodingPermissionException noAccess) {
            return "no access";
        } catch (CodingNotFoundException gone) {
            return "not found";
        } catch (CodingApiException failed) {
            return "unknown (" + failed.getClass().getSimpleName() + ")";
        }
    }

    private static void print(String team, List<Listed> listed, int calls, String syncedBy) {
        int nameWidth = Math.max(
                "project".length(),
                listed.stream()
                        .mapToInt(l -> String.valueOf(l.name()).length())
                        .max()
                        .orElse(0));
        String format = "%-" + nameWidth + "s  %10s  %-6s  %s%n";
        System.out.printf(Locale.ROOT, format, "project", "issues", "synced", "id, display name");
        for (Listed l : listed) {
            System.out.printf(
                    Locale.ROOT,
                    format,
                    l.name(),
                    l.issues(),
                    l.synced() ? "yes" : "no",
                    l.id() + ", " + (l.displayName() == null ? "" : l.displayName())
                            + (l.archived() ? " (archived)" : ""));
        }
        long syncedCount = listed.stream().filter(Listed::synced).count();
        System.out.printf(
                Locale.ROOT,
                "%d project%s of team %s visible to this credential, %d synced by this configuration (%s);"
                        + " %d CODING call%s made.%n",
                listed.size(),
                listed.size() == 1 ? "" : "s",
                team,
                syncedCount,
                syncedBy,
                calls,
                calls == 1 ? "" : "s");
    }
}
