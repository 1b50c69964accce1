package dev.camelcoding.app;

import dev.camelcoding.client.oauth.AuthorizeFlow;
import dev.camelcoding.client.oauth.FileCredentialStore;
import dev.camelcoding.client.oauth.OAuthApp;
import dev.camelcoding.client.oauth.OAuthException;
import dev.camelcoding.client.oauth.OAuthGrant;
import dev.camelcoding.client.oauth.ScopeFormat;
import dev.camelcoding.component.CodingTableSelection;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code authorize}: the seed connector's "Authorize" button. A thin command over {@link AuthorizeFlow}: prints the
 * authorize URL, waits for CODING's redirect on 127.0.0.1, and saves the grant in the credentials file that
 * {@code coding.oauth.credentials} names. Never prints a token.
 */
@Command(
        name = "authorize",
        mixinStandardHelpOptions = true,
        description = "Authorize coding-sync with CODING"
                + " (OAuth 2): open the printed URL, approve, and the tokens are saved in the credentials file (owner-only)."
                + " Exit code 1 when CODING did not authorize.")
final class AuthorizeCommand implements Callable<Integer> {

    static final String CREDENTIALS_KEY = "coding.oauth.credentials";
    /** The file's name in coding.data-dir when neither --credentials nor coding.oauth.credentials names one. */
    static final String DEFAULT_CREDENTIALS = "coding-oauth.json";

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(
            names = "--client-id",
            required = true,
            paramLabel = "ID",
            description = "the OAuth app's client id" + " (CODING: team settings > ecosystem > publish an app)")
    String clientId;

    @Option(
            names = "--client-secret",
            paramLabel = "SECRET",
            defaultValue = "${env:CODING_OAUTH_CLIENT_SECRET}",
            description = "the OAuth app's client secret; default: the environment variable CODING_OAUTH_CLIENT_SECRET"
                    + " (keeps it out of the process list)")
    String clientSecret;

    @Option(
            names = "--redirect-port",
            paramLabel = "N",
            defaultValue = "0",
            description = "the 127.0.0.1 port CODING"
                    + " redirects the browser to (default ${DEFAULT-VALUE}: any free port; give the port registered as the"
                    + " app's callback URL http://127.0.0.1:N/callback if CODING checks it)")
    int redirectPort;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description = "where to save the grant (default: " + CREDENTIALS_KEY + ", else " + DEFAULT_CREDENTIALS
                    + " in coding.data-dir)")
    Path credentials;

    @Option(
            names = "--scopes",
            paramLabel = "LIST",
            description = "comma-separated scopes to ask for instead of the" + " read scopes of coding.tables")
    String scopes;

    @Option(
            names = "--scope-format",
            paramLabel = "FORMAT",
            defaultValue = "2025",
            description = "the scope names of"
                    + " your app: 2025 (user:profile:ro, collaboration:issue:ro...) or legacy (user, project:issue...);"
                    + " default ${DEFAULT-VALUE}")
    String scopeFormat;

    @Option(
            names = "--site-url",
            paramLabel = "URL",
            description = "CODING's site if not https://<coding.team>.coding.net"
                    + " (default: coding.api-url without /open-api, when set)")
    URI siteUrl;

    @Option(
            names = "--wait",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "how long to wait for the" + " approval (default ${DEFAULT-VALUE})")
    long waitSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        SyncSettings settings = config.settings();
        PrintWriter out = spec.commandLine().getOut();
        OAuthApp app;
        try {
            app = new OAuthApp(clientId, clientSecret == null || clientSecret.isBlank() ? null : clientSecret);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        Path file = credentialsFile(settings, credentials);
        String team = settings.get("coding.team");
        URI site = siteUrl != null ? siteUrl : siteFromApiUrl(settings.get("coding.api-url"));
        List<String> asked;
        try {
            asked = scopes != null
                    ? Arrays.stream(scopes.split(","))
                            .map(String::trim)
                            .filter(s -> !s.isEmpty())
                            .toList()
                    : ScopeFormat.parse(scopeFormat)
                            .readScopes(CodingTableSelection.parse(settings.get(CodingTableSelection.PROPERTY)));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        AuthorizeFlow.Builder builder = AuthorizeFlow.builder()
                .team(team)
                .siteUrl(site)
                .app(app)
                .scopes(asked)
                .redirectPort(redirectPort)
                .store(new FileCredentialStore(file));
        AuthorizeFlow flow;
        try {
            flow = builder.build().start();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new ConfigurationException(e.getMessage()
                    + (team.isBlank() && site == null ? " (" + SyncSettings.howToSet("coding.team") + ")" : ""));
        }
        try (flow) {
            out.println("Open this URL in a browser and approve coding-sync (scopes " + String.join(",", asked) + "):");
            out.println();
            out.println("  " + flow.authorizeUrl());
            out.println();
            out.println("Waiting for CODING's redirect on " + flow.redirectUri() + " (the browser must run on this"
                    + " machine, or forward the port: ssh -L "
                    + flow.redirectUri().getPort() + ":127.0.0.1:"
                    + flow.redirectUri().getPort() + " ...).");
            out.flush();
            OAuthGrant grant = flow.await(Duration.ofSeconds(waitSeconds));
            out.println("Authorized" + (grant.team() == null ? "" : " for team " + grant.team()) + ": the tokens are"
                    + " saved in " + file + " (readable by you only); the access token is valid until "
                    + grant.expiresAt() + " and is refreshed automatically.");
            if (!file.toString().equals(settings.get(CREDENTIALS_KEY))) {
                out.println("Use it: " + CREDENTIALS_KEY + "=" + file + " (" + SyncSettings.howToSet(CREDENTIALS_KEY)
                        + ")");
            }
            out.flush();
            return ExitCode.OK.code();
        } catch (TimeoutException e) {
            spec.commandLine()
                    .getErr()
                    .println("coding-sync authorize: no approval within " + waitSeconds
                            + " seconds: run coding-sync authorize again and open the new URL");
            return ExitCode.CHECK_FAILED.code();
        } catch (OAuthException e) {
            spec.commandLine().getErr().println("coding-sync authorize: " + e.getMessage());
            return ExitCode.CHECK_FAILED.code();
        } finally {
            spec.commandLine().getErr().flush();
        }
    }

    /** The credentials file: --credentials, else coding.oauth.credentials, else coding-oauth.json in the data dir. */
    static Path credentialsFile(SyncSettings settings, Path given) {
        if (given != null) {
            return given.toAbsolutePath();
        }
        String configured = settings.get(CREDENTIALS_KEY);
        return (configured.isBlank()
                        ? Path.of(settings.get(SyncSettings.DATA_DIR), DEFAULT_CREDENTIALS)
                        : Path.of(configured))
                .toAbsolutePath();
    }

    /** https://e.coding.net/open-api has no OAuth pages of its own; a team URL or another host does. */
    private static URI siteFromApiUrl(String apiUrl) {
        if (apiUrl.isBlank()) {
            return null;
        }
        URI uri = URI.create(apiUrl.trim());
        if ("e.coding.net".equals(uri.getHost())) {
            return null;
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }
}
