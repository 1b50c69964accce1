package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingApiException;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.Json;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.team.ProjectSelection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code test}: the seed connector's "Test" button, on the same configuration path as {@code run}: the settings are
 * checked, then Camel Main is started with the routes loaded but none consuming, so the sink's beans connect and
 * create their tables exactly as in {@code run}, and the CODING client is the one the configured {@code coding}
 * component builds. Then: CODING reachable, each table of {@code coding.tables} readable (the calls {@code run}
 * makes, nothing more), and in webhook or hybrid mode the secret and the listener's port.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Check the configuration: the sink, CODING,"
                + " each table of coding.tables (with coding.projects: the credential once, the selection, then one"
                + " line per selected project with its tables), the webhook listener, and every path run writes. Exit code 1 when a"
                + " check against CODING or the sink fails, 2 for a configuration mistake (as run).")
final class TestCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config = new ConfigOptions();

    private int failures;
    private int warnings;

    @Override
    public Integer call() {
        SyncSettings settings = config.settings();
        SettingsCheck check = new SettingsCheck(settings);
        check.validate();
        ProjectSelection selection = check.requireCodingProjects();
        new WritablePaths(settings).check();
        Set<String> tables = check.tables();
        String team = settings.get("coding.team");
        String project = selection.isTeam() ? "{" + selection.describe() + "}" : settings.get("coding.project");
        System.out.println("Testing " + (team.isBlank() ? "" : team + "/") + project + " (tables "
                + String.join(", ", tables) + ", mode " + settings.get("coding.mode") + ", sink "
                + settings.get("coding.sink") + "):");
        try (SyncApplication app = new SyncApplication(settings)) {
            if (!check("sink " + settings.get("coding.sink"), () -> sink(app, settings))) {
                return summary();
            }
            CodingClientOptions options = app
                    .camel()
                    .getComponent("coding", CodingComponent.class)
                    .getConfiguration()
                    .clientOptions()
                    .toBuilder()
                    // a test answers within seconds: few retries, short waits
                    .maxAttempts(2)
                    .maxTotalWait(Duration.ofSeconds(10))
                    .requestTimeout(Duration.ofSeconds(15))
                    .build();
            if (!check("CODING reachable", () -> reachable(options.apiUrl()))) {
                return summary();
            }
            try (CodingApiClient client = new CodingApiClient(options)) {
                if (options.credentials() instanceof CodingCredentials.OAuthStore grant
                        && !check("OAuth grant", () -> OAuthGrantCheck.check(grant, client))) {
                    return summary(); // every table would fail the same way
                }
                if (selection.isTeam()) {
                    team(client, selection, tables);
                } else {
                    for (String table : tables) {
                        if (!check(table + " readable", () -> readable(client, table, project))
                                && lastFailureWasTheCredential) {
                            break; // every other table would fail the same way
                        }
                    }
                }
            }
        }
        if (!"polling".equals(settings.get("coding.mode"))) {
            webhook(settings);
        }
        return summary();
    }

    /** What the sink needs, once Camel Main has started the routes' beans (JDBC: connected, tables created). */
    private String sink(SyncApplication app, SyncSettings settings) throws IOException {
        try {
            app.start(false);
        } catch (ConfigurationException | SinkUnavailableException e) {
            // the sink's beans are what can fail here: name the setting that points at the sink
            String where = switch (settings.get("coding.sink")) {
                case "jdbc" -> "coding.sink.jdbc.url=" + redacted(settings.get("coding.sink.jdbc.url")) + ": ";
                default -> "";
            };
            throw new ConfigurationException(where + e.getMessage());
        }
        return switch (settings.get("coding.sink")) {
            case "jdbc" -> "connected to " + redacted(settings.get("coding.sink.jdbc.url")) + ", tables coding_* ready";
            case "jsonl" -> {
                Path dir = Path.of(settings.get("coding.sink.jsonl.dir"));
                Files.createDirectories(dir);
                Path probe = Files.createTempFile(dir, ".coding-sync-test", ".tmp");
                Files.delete(probe);
                yield dir + " is writable";
            }
            case "kafka" -> {
                for (String broker : settings.get("coding.sink.kafka.brokers").split(",")) {
                    URI address = URI.create("tcp://" + broker.trim());
                    if (address.getHost() == null || address.getPort() < 0) {
                        throw new IllegalArgumentException(
                                "coding.sink.kafka.brokers=" + broker.trim() + " is not host:port");
                    }
                    connect(address.getHost(), address.getPort());
                }
                yield "brokers " + settings.get("coding.sink.kafka.brokers") + " accept connections";
            }
            default -> "the log needs nothing";
        };
    }

    /** A JDBC URL without the password some drivers take in it. */
    private static String redacted(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    private static String readable(CodingApiClient client, String table, String project) {
        return switch (table) {
            case "issues" ->
                client.issuePage(IssueQuery.byUpdateTime(project, 1), 1).totalCount() + " issues";
            case "comments" -> {
                var page = client.issuePage(IssueQuery.byUpdateTime(project, 1), 1);
                yield page.rows().isEmpty()
                        ? "no issue to read comments of"
                        : client.issueComments(
                                                project,
                                                Json.longValue(page.rows().get(0), "Code", 0))
                                        .size()
                                + " comments on the latest issue (the first sync reads the comments of every issue: one"
                                + " call each)";
            }
            case "iterations" -> client.iterations(project, 1).next().totalCount() + " iterations";
            case "projectMembers" -> {
                long projectId = Json.longValue(client.projectByName(project), "Id", 0);
                yield client.projectMembers(projectId, 1).next().totalCount() + " members";
            }
            case "projects" -> client.projects(1).next().totalCount() + " projects visible to the credential";
            case "issueTypes" -> client.projectIssueTypes(project).size() + " issue types";
            // statuses and fields are listed per issue type; DEFECT is a system type every project has
            case "issueStatuses" ->
                client.projectIssueStatuses(project, "DEFECT").size() + " statuses of DEFECT";
            case "issueFields" -> client.projectIssueFields(project, "DEFECT").size() + " fields of DEFECT";
            default -> throw new IllegalArgumentException("no check for table " + table);
        };
    }

    /**
     * A team selection: the credential once (DescribeCodingCurrentUser), the selection against the projects it sees
     * (DescribeCodingProjects, every page; the projects table is that listing), then one line per selected project
     * with each of its tables (the calls run makes first), the first table that fails named on that project's line.
     */
    private void team(CodingApiClient client, ProjectSelection selection, Set<String> tables) {
        if (!check("CODING credential", () -> "valid (user " + Json.text(client.currentUser(), "Name") + ")")) {
            return;
        }
        java.util.List<String> selected = new java.util.ArrayList<>();
        if (!check("projects selected", () -> {
            java.util.List<String> visible = ProjectSelection.visibleProjects(client, ProjectSelection.PAGE_SIZE);
            selected.addAll(selection.resolve(visible));
            return selected.size() + " of the " + visible.size() + " projects visible to the credential: "
                    + String.join(", ", selected);
        })) {
            return;
        }
        for (String p : selected) {
            boolean passed = check("project " + p, () -> {
                java.util.List<String> read = new java.util.ArrayList<>();
                for (String table : tables) {
                    if ("projects".equals(table)) {
                        continue; // the team's, read once above
                    }
                    try {
                        read.add(readable(client, table, p));
                    } catch (CodingAuthenticationException credential) {
                        throw credential;
                    } catch (Exception e) {
                        throw new IllegalStateException(table + ": " + describe(e), e);
                    }
                }
                return String.join(", ", read);
            });
            if (!passed && lastFailureWasTheCredential) {
                break; // every other project would fail the same way
            }
        }
    }

    private void webhook(SyncSettings settings) {
        String secret = settings.get("coding.webhook.secret");
        if (secret.isBlank()) {
            fail("webhook secret", "coding.webhook.secret is empty: run ./coding-sync webhook-url to generate one");
        } else {
            pass("webhook secret", "set (" + secret.length() + " characters)");
        }
        if (!"jetty".equals(settings.get("coding.webhook.server"))) {
            pass("webhook listener", "served by the runtime's HTTP server (coding.webhook.server=platform-http)");
            return;
        }
        String host = settings.get("coding.webhook.host");
        int port = Integer.parseInt(settings.get("coding.webhook.port"));
        check("webhook listener can open", () -> {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(host, port));
                return host + ":" + port + " is free for the listener";
            } catch (IOException taken) {
                throw new IllegalStateException(host + ":" + port + " cannot be opened (" + taken.getMessage()
                        + "; is a sync already running? then it is listening): set coding.webhook.port");
            }
        });
    }

    private static String reachable(URI apiUrl) throws IOException {
        int port = apiUrl.getPort() > 0 ? apiUrl.getPort() : "https".equals(apiUrl.getScheme()) ? 443 : 80;
        connect(apiUrl.getHost(), port);
        return apiUrl.getHost() + ":" + port + " answers";
    }

    private static void connect(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
        } catch (IOException e) {
            throw new IOException(host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private interface Check {
        String run() throws Exception;
    }

    private boolean lastFailureWasTheCredential;

    private boolean check(String name, Check check) {
        lastFailureWasTheCredential = false;
        try {
            pass(name, check.run());
            return true;
        } catch (Exception e) {
            lastFailureWasTheCredential = e instanceof CodingAuthenticationException;
            fail(name, describe(e));
        }
        return false;
    }

    /** What a failed check says: the kind of failure, then CODING's or the system's message. */
    private static String describe(Exception failure) {
        if (failure instanceof CodingAuthenticationException) {
            return "the credential is not valid: " + failure.getMessage();
        }
        if (failure instanceof CodingPermissionException) {
            return "no permission: " + failure.getMessage();
        }
        if (failure instanceof CodingNotFoundException) {
            return "not found: " + failure.getMessage();
        }
        if (failure instanceof IOException) {
            return "cannot connect: " + failure.getMessage() + " (check coding.api-url / coding.team and the network)";
        }
        if (failure instanceof CodingApiException
                || failure instanceof ConfigurationException
                || failure instanceof IllegalStateException && failure.getCause() != null) {
            return failure.getMessage();
        }
        return SyncApplication.rootMessage(failure);
    }

    private void pass(String name, String detail) {
        System.out.printf("  [passed]  %-28s %s%n", name, detail);
    }

    private void fail(String name, String detail) {
        failures++;
        System.out.printf("  [failed]  %-28s %s%n", name, detail);
    }

    private int summary() {
        System.out.printf("%s: %d failed, %d warnings.%n", failures == 0 ? "Ready" : "Not ready", failures, warnings);
        return failures == 0 ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
    }
}
