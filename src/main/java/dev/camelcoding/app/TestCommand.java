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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code test}: the seed connector's "Test" button. In order: the API reaches the team, the credential is valid,
 * the project exists, each table is readable, and in webhook mode the listener can open. Each check prints passed,
 * warning or failed with what to fix; a bad token is reported as a bad token, never as a wrong project.
 */
final class TestCommand {

    private int failures;
    private int warnings;

    int run(String[] args) {
        Properties settings = SyncApplication.effectiveSettings(Options.parse(args));
        String team = settings.getProperty("coding.team", "");
        String project = settings.getProperty("coding.project", "");
        if (project.isBlank()) {
            throw new ConfigurationException("coding.project is not set: the project's URL name");
        }
        CodingClientOptions options = clientOptions(settings, team);
        System.out.println("Testing the connection to CODING for " + (team.isBlank() ? "" : team + "/") + project + ":");

        if (!check("API reachable", () -> reachable(options.apiUrl()))) {
            return summary();
        }
        try (CodingApiClient client = new CodingApiClient(options)) {
            boolean projectToken = options.credentials() instanceof CodingCredentials.ProjectToken;
            boolean authenticated = projectToken
                    ? warn("credential valid", "a project token has no user to check; it is checked with the project")
                    : check("credential valid", () -> "authenticated as " + Json.text(client.currentUser(), "Name"));
            if (!authenticated && !projectToken) {
                return summary();
            }
            long[] projectId = {0};
            if (!check("project exists", () -> {
                var found = client.projectByName(project);
                projectId[0] = Json.longValue(found, "Id", 0);
                return Json.text(found, "DisplayName") + " (id " + projectId[0] + ")";
            })) {
                return summary();
            }
            Map<String, Check> tables = new LinkedHashMap<>();
            tables.put("issues readable", () -> client.issuePage(IssueQuery.byUpdateTime(project, 1), 1).totalCount()
                    + " issues");
            tables.put("iterations readable", () -> client.iterations(project, 1).next().totalCount() + " iterations");
            tables.put("project members readable", () -> client.projectMembers(projectId[0], 1).next().totalCount()
                    + " members");
            tables.put("comments readable", () -> {
                var page = client.issuePage(IssueQuery.byUpdateTime(project, 1), 1);
                return page.rows().isEmpty() ? "no issue to read comments of"
                        : client.issueComments(project, Json.longValue(page.rows().get(0), "Code", 0)).size()
                        + " comments on the latest issue";
            });
            tables.put("issue types readable", () -> client.projectIssueTypes(project).size() + " issue types");
            tables.put("issue fields readable", () -> client.projectIssueFields(project, "REQUIREMENT").size()
                    + " fields of requirements");
            tables.put("projects readable", () -> client.projects(1).next().totalCount() + " projects");
            tables.forEach(this::check);
        }
        String mode = settings.getProperty("coding.mode", "polling");
        if (!"polling".equals(mode)) {
            String secret = settings.getProperty("coding.webhook.secret", "");
            if (secret.isBlank()) {
                fail("webhook secret", "coding.webhook.secret is empty: run ./coding-sync webhook-url to generate one");
            } else {
                pass("webhook secret", "set (" + secret.length() + " characters)");
            }
            int port = Integer.parseInt(settings.getProperty("coding.webhook.port", "8085"));
            check("webhook listener can open", () -> {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(settings.getProperty("coding.webhook.host", "0.0.0.0"), port));
                    return "port " + port + " is free for the listener";
                } catch (IOException taken) {
                    throw new IllegalStateException("port " + port + " is taken (is a sync already running? then it is"
                            + " listening) — set coding.webhook.port");
                }
            });
        }
        return summary();
    }

    private CodingClientOptions clientOptions(Properties settings, String team) {
        String apiUrl = settings.getProperty("coding.api-url", "");
        try {
            return CodingClientOptions.builder()
                    .apiUrl(apiUrl.isBlank() ? (team.isBlank() ? CodingClientOptions.DEFAULT_API_URL
                            : CodingClientOptions.apiUrlForTeam(team)) : apiUrl)
                    .credentials(credentials(settings))
                    .maxAttempts(2)
                    .maxTotalWait(Duration.ofSeconds(10))
                    .requestTimeout(Duration.ofSeconds(15))
                    .build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    static CodingCredentials credentials(Properties settings) {
        String token = settings.getProperty("coding.token", "");
        String oauth = settings.getProperty("coding.oauth-token", "");
        String projectToken = settings.getProperty("coding.project-token", "");
        if (!token.isBlank()) {
            return CodingCredentials.personalToken(token);
        }
        if (!oauth.isBlank()) {
            return CodingCredentials.oauthToken(oauth);
        }
        if (!projectToken.isBlank()) {
            return CodingCredentials.projectToken(settings.getProperty("coding.project-token-user", ""), projectToken);
        }
        throw new ConfigurationException("no CODING credential: set coding.token (a personal access token),"
                + " coding.oauth-token, or coding.project-token-user with coding.project-token");
    }

    private static String reachable(URI apiUrl) throws IOException {
        int port = apiUrl.getPort() > 0 ? apiUrl.getPort() : "https".equals(apiUrl.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(apiUrl.getHost(), port), 10_000);
            return apiUrl.getHost() + ":" + port + " answers";
        }
    }

    private interface Check {
        String run() throws Exception;
    }

    private boolean check(String name, Check check) {
        try {
            pass(name, check.run());
            return true;
        } catch (CodingAuthenticationException e) {
            fail(name, "the credential is not valid: " + e.getMessage());
        } catch (CodingPermissionException e) {
            fail(name, "no permission: " + e.getMessage());
        } catch (CodingNotFoundException e) {
            fail(name, "not found: " + e.getMessage());
        } catch (CodingApiException e) {
            fail(name, e.getMessage());
        } catch (IOException e) {
            fail(name, "cannot connect: " + e.getMessage() + " — check coding.api-url / coding.team and the network");
        } catch (Exception e) {
            fail(name, e.getMessage());
        }
        return false;
    }

    private void pass(String name, String detail) {
        System.out.printf("  [passed]  %-28s %s%n", name, detail);
    }

    private boolean warn(String name, String detail) {
        warnings++;
        System.out.printf("  [warning] %-28s %s%n", name, detail);
        return true;
    }

    private void fail(String name, String detail) {
        failures++;
        System.out.printf("  [failed]  %-28s %s%n", name, detail);
    }

    private int summary() {
        System.out.printf("%s: %d failed, %d warnings.%n", failures == 0 ? "Ready" : "Not ready", failures, warnings);
        return failures == 0 ? 0 : 1;
    }
}
