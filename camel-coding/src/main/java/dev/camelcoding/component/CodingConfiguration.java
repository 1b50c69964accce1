package dev.camelcoding.component;

import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.oauth.CredentialStore;
import dev.camelcoding.client.oauth.FileCredentialStore;
import dev.camelcoding.client.oauth.OAuthSession;
import dev.camelcoding.client.oauth.TokenEndpoint;
import dev.camelcoding.component.changelog.StartFrom;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StartPosition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The options of a {@code coding:} endpoint. Set on the component, they are the defaults of all its endpoints. */
@UriParams
public class CodingConfiguration implements Cloneable {

    @UriParam(
            label = "common",
            description = "The CODING team: the TEAM of https://TEAM.coding.net/. Also gives the" + " default apiUrl.")
    private String teamName;

    @UriParam(
            label = "common",
            description = "The project's URL name (https://TEAM.coding.net/p/PROJECT), not its"
                    + " display name. Required for every table but projects.")
    private String projectName;

    @UriParam(
            label = "security",
            secret = true,
            description = "A CODING personal access token (Authorization: token ...).")
    private String token;

    @UriParam(
            label = "security",
            secret = true,
            description =
                    "An OAuth 2 access token obtained through CODING's" + " authorization (Authorization: Bearer ...).")
    private String oauthToken;

    @UriParam(
            label = "security",
            description = "The OAuth credentials file written by coding-sync authorize (access"
                    + " token, refresh token, expiry, team; owner-only, 0600). The access token is refreshed before it expires"
                    + " and once after CODING refuses it; the rotated tokens are written back to this file before use.")
    private String oauthCredentials;

    @UriParam(
            label = "security,advanced",
            description =
                    "Instead of oauthCredentials: a"
                            + " dev.camelcoding.client.oauth.CredentialStore bean (#name) that keeps the OAuth grant elsewhere.")
    private CredentialStore oauthCredentialStore;

    @UriParam(label = "security", description = "The generated user name of a project token (with projectToken).")
    private String projectTokenUser;

    @UriParam(
            label = "security",
            secret = true,
            description = "The password of a project token (Authorization: Basic ...).")
    private String projectToken;

    @UriParam(
            label = "advanced",
            description = "CODING's Open API URL. Default: https://TEAM.coding.net/open-api (from teamName), or"
                    + " https://e.coding.net/open-api without a team name.")
    private String apiUrl;

    @UriParam(
            label = "advanced",
            defaultValue = "5",
            description =
                    "API calls per second allowed for the credential."
                            + " Every endpoint in the JVM that uses the same credential shares this budget; the lowest value wins.")
    private double rateLimit = 5;

    @UriParam(
            label = "advanced",
            defaultValue = "30s",
            javaType = "java.time.Duration",
            description = "How long one API call may take.")
    private Duration requestTimeout = Duration.ofSeconds(30);

    @UriParam(
            label = "advanced",
            defaultValue = "6",
            description = "Attempts per API call (first included) for throttled"
                    + " and transient failures, with exponential backoff and jitter.")
    private int maxAttempts = 6;

    @UriParam(
            label = "advanced",
            defaultValue = "2m",
            javaType = "java.time.Duration",
            description = "The most one API call waits between its retries before it fails with a clear error.")
    private Duration maxRetryWait = Duration.ofMinutes(2);

    @UriParam(
            label = "consumer",
            defaultValue = "polling",
            description = "polling (ask the Open API on a schedule),"
                    + " webhook (receive Service Hook deliveries) or hybrid (both; the poll is a slow backstop).")
    private CodingMode mode = CodingMode.polling;

    @UriParam(
            label = "consumer",
            defaultValue = "ALL",
            enums = "ALL,DEFECT,REQUIREMENT,MISSION,EPIC,SUB_TASK",
            description = "Sync only issues (and their comments) of this type.")
    private String issueType = "ALL";

    @UriParam(
            label = "consumer",
            description = "Sync only issues (and their comments) planned in these iterations:"
                    + " comma-separated iteration codes.")
    private String iterationCodes;

    @UriParam(label = "consumer", defaultValue = "500", description = "Rows per API page, 1 to 500 (CODING's maximum).")
    private int pageSize = 500;

    @UriParam(
            label = "consumer",
            defaultValue = "1",
            description = "Polling: events per exchange. 1 hands the route"
                    + " one event per exchange; N > 1 hands it up to N events (at most a page) as one exchange whose body is a"
                    + " List<Exchange> of one-event exchanges (with header CamelCodingBatchSize), and the cursor moves only"
                    + " after that exchange completed. For sinks that write batches, such as JdbcBatchSink.")
    private int batchSize = 1;

    @UriParam(
            label = "consumer",
            defaultValue = "beginning",
            description = "Where a new sync starts: beginning (a"
                    + " snapshot of the table, then changes), now (changes from CODING's now on, by CODING's clock), or an"
                    + " ISO-8601 instant (changes since then by CODING's UpdatedAt, e.g. 2024-05-01T00:00:00Z).")
    private String startFrom = "beginning";

    @UriParam(
            label = "consumer",
            defaultValue = "5m",
            javaType = "java.time.Duration",
            description = "How far back each"
                    + " poll re-reads before its cursor, so changes that became visible late, and several changes in the same"
                    + " millisecond, are not missed. Re-read rows already emitted are dropped.")
    private Duration lookback = Duration.ofMinutes(5);

    @UriParam(
            label = "consumer",
            defaultValue = "1h",
            javaType = "java.time.Duration",
            description = "How often polling"
                    + " lists every issue key to find deleted issues (emitted as op=d). 0 turns the census off.")
    private Duration reconcileInterval = Duration.ofHours(1);

    @UriParam(
            label = "consumer",
            defaultValue = "overwrite",
            description = "Iterations only: overwrite (every poll emits"
                    + " the whole list as one batch of op=r, each event marked with source.pass, the seed connector's"
                    + " behaviour; suits the JDBC sink, which applies a pass atomically) or diff (only real c/u/d; suits"
                    + " append sinks such as JSON Lines and Kafka).")
    private IterationStrategy iterationStrategy = IterationStrategy.overwrite;

    @UriParam(
            label = "consumer",
            defaultValue = "false",
            description = "Issues only: complete each changed issue with"
                    + " DescribeIssue (one extra call per change) for the fields list rows lack. Off by default.")
    private boolean fetchIssueDetail;

    @UriParam(
            label = "consumer",
            defaultValue = "0",
            description = "Comments only: the most DescribeIssueCommentList"
                    + " calls one poll makes (one per issue read: changed issues first, then rescans, then the backfill), and"
                    + " commentRescanShare of them for rescans. 0 = derived from the clock: rateLimit calls per second elapsed"
                    + " since the last poll, commentRescanShare of them for rescans (at most two poll periods' worth piles"
                    + " up); the limiter serves webhook refetches and the issues poll ahead of these calls either way.")
    private int commentCallsPerPoll;

    @UriParam(
            label = "consumer",
            defaultValue = "0.5",
            description = "Comments only: the share of the credential's rate"
                    + " (rateLimit) that rescans may spend (re-reading issues on schedule, since CODING's issue list says"
                    + " nothing about comments); what falls due first, the backfill gets what they leave, and once it is done"
                    + " the rest re-reads the most stale issues ahead of schedule (each at most once a poll delay), so a small"
                    + " project is re-read every few minutes. 0 to 1. Keeping every issue active within the week read within"
                    + " the hour needs about 1.2 calls an hour per such issue plus N / commentMaxStaleness; status shows this"
                    + " demand against the allowance.")
    private double commentRescanShare = 0.5;

    @UriParam(
            label = "consumer",
            defaultValue = "7d",
            javaType = "java.time.Duration",
            description = "Comments only:"
                    + " the longest an issue's comments go without being read again. An issue active within the week is"
                    + " re-read every quiet time / 12, at least 15 and at most 50 minutes apart; a quieter one every hour plus"
                    + " a quarter of its quiet time beyond the week, up to this. New comments arrive in seconds only by"
                    + " webhook (hybrid mode).")
    private Duration commentMaxStaleness = Duration.ofDays(7);

    @UriParam(
            label = "consumer,advanced",
            description = "Where the cursor and the other sync state are kept: a"
                    + " StateRepository<String,String> bean. Default: the store's table CODING_STATE (the change log's"
                    + " database with logCache, else the embedded store coding-store.mv.db in dataDirectory).")
    private StateRepository<String, String> cursorRepository;

    @UriParam(
            label = "consumer,advanced",
            defaultValue = "data",
            description = "The directory of the embedded store"
                    + " (coding-store.mv.db: state, and the change log with logCache=embedded).")
    private String dataDirectory = "data";

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "jetty",
            enums = "jetty,platform-http",
            description =
                    "The HTTP"
                            + " server that receives Service Hook deliveries: jetty (an embedded Jetty on webhookHost:webhookPort; needs"
                            + " camel-jetty) or platform-http (the runtime's server, as under Camel JBang; needs camel-platform-http).")
    private String webhookServer = "jetty";

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "0.0.0.0",
            description = "The interface the jetty webhook" + " listener binds to.")
    private String webhookHost = "0.0.0.0";

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "8085",
            description = "The port of the jetty webhook listener.")
    private int webhookPort = 8085;

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "/coding/webhook",
            secret = true,
            description =
                    "The path CODING posts to. The"
                            + " endpoints of one project (issues, iterations, projectMembers, comments) may share it: each delivery"
                            + " reaches the endpoint of its table. Make it unguessable (coding-sync webhook-url generates one).")
    private String webhookPath = "/coding/webhook";

    @UriParam(
            label = "consumer,webhook,security",
            secret = true,
            description = "The token set in CODING's Service Hook:"
                    + " every delivery must carry X-Coding-Signature = sha1=HMAC-SHA1(token, body). Required unless"
                    + " webhookAllowUnsigned=true.")
    private String webhookSecret;

    @UriParam(
            label = "consumer,webhook,security",
            defaultValue = "false",
            description = "Accept deliveries without a"
                    + " signature (no webhookSecret). Only for networks where nobody else can reach the listener.")
    private boolean webhookAllowUnsigned;

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "1048576",
            description = "The largest delivery body accepted, in" + " bytes; larger ones get HTTP 413.")
    private long webhookMaxBodySize = 1_048_576;

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "true",
            description = "Complete each delivered row through the"
                    + " Open API (DescribeIssue, DescribeIteration, the comment list, the member list) so it has every field"
                    + " polling gives; off maps the payload alone (fields hooks lack are null).")
    private boolean refetch = true;

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "4s",
            javaType = "java.time.Duration",
            description = "How long"
                    + " a delivery may take, its body and the route included, before it is answered 503 so CODING (which waits"
                    + " 5 s) may deliver it again; a body still arriving then gets 408.")
    private Duration webhookAnswerTimeout = Duration.ofSeconds(4);

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "24h",
            javaType = "java.time.Duration",
            description = "How long a"
                    + " delivery id (X-Coding-Delivery), and the hash of each signed body, is remembered, so a redelivery of it"
                    + " (or a replay under a fresh delivery id) emits nothing.")
    private Duration deliveryTtl = Duration.ofHours(24);

    @UriParam(
            label = "consumer,webhook,advanced",
            description = "Where delivery ids are remembered: an"
                    + " org.apache.camel.spi.IdempotentRepository bean. Default: the delivery ledger in the store"
                    + " (CODING_WEBHOOK_DELIVERIES, shared by the processes on one store), with deliveryTtl.")
    private org.apache.camel.spi.IdempotentRepository deliveryRepository;

    @UriParam(
            label = "consumer,webhook",
            defaultValue = "10m",
            javaType = "java.time.Duration",
            description =
                    "In hybrid" + " mode, how often the backstop poll runs to catch deliveries that never arrived.")
    private Duration backstopInterval = Duration.ofMinutes(10);

    @UriParam(
            label = "consumer,scheduler",
            defaultValue = "1h",
            javaType = "java.time.Duration",
            description = "Polling by expected activity: the delay between an idle table's polls grows by one base"
                    + " delay for each idleBackoffAfter of quiet since its last change (at the defaults, 1 minute per"
                    + " quiet hour), up to maxIdleDelay, at most doubling from one idle poll to the next; 0 doubles it"
                    + " from the first idle poll on. A poll or"
                    + " a webhook delivery that finds a change brings the base delay back. Counted from the project's"
                    + " last change on CODING (its issues' newest UpdatedAt), not from the start: a project dormant"
                    + " for longer starts backed off.")
    private Duration idleBackoffAfter = Duration.ofHours(1);

    @UriParam(
            label = "consumer,scheduler",
            defaultValue = "15m",
            javaType = "java.time.Duration",
            description = "The longest delay between the polls of an idle table (see idleBackoffAfter). Set it to"
                    + " the delay (or 0) to poll at a fixed delay. Not applied to the comments table, whose rescans"
                    + " keep their own schedule (commentMaxStaleness).")
    private Duration maxIdleDelay = Duration.ofMinutes(15);

    @UriParam(
            label = "consumer,changelog",
            defaultValue = "none",
            description = "The change log (CDC log cache)"
                    + " between CODING and the routes: none (each route reads CODING itself, as without a log), embedded (the H2"
                    + " store coding-store.mv.db in dataDirectory, for one process) or #bean (a javax.sql.DataSource in the"
                    + " registry, e.g. PostgreSQL shared by processes and machines). With a log, one reader per source (team,"
                    + " project, table), elected across every process on the log, reads CODING and appends to the log; each"
                    + " route consumes the log from its own persisted offset.")
    private String logCache = "none";

    @UriParam(
            label = "consumer,changelog",
            description = "The name under which this route's change log offset is"
                    + " persisted. Default: the route id. Two routes with the same name share one offset (each change goes to"
                    + " one of them).")
    private String consumerName;

    @UriParam(
            label = "consumer,changelog",
            description = "The consumer group of this route's change log offset, as in Kafka: routes of processes"
                    + " that write one shared sink leave it empty (or give the same group) and share one offset per"
                    + " route; a process that writes a sink of its own gives a group of its own, so its routes get every"
                    + " change. Set, the offset is kept under <group>/<consumerName or route id>. Letters, digits, '.',"
                    + " '_' and '-', at most 64 characters.")
    private String consumerGroup;

    @UriParam(
            label = "consumer,changelog",
            defaultValue = "oldest",
            description = "Where a consumer without a"
                    + " persisted offset starts reading the log: oldest (every retained entry), now (only what is appended"
                    + " from now on) or an ISO-8601 instant (entries appended at or after it).")
    private String logStartFrom = "oldest";

    @UriParam(
            label = "consumer,changelog",
            defaultValue = "3d",
            javaType = "java.time.Duration",
            description = "How long"
                    + " change log entries are kept; a scheduled cleanup (camel-quartz) purges older ones. A consumer whose"
                    + " unread entries were purged takes a fresh backfill from CODING and logs a warning.")
    private Duration logRetention = Duration.ofDays(3);

    @UriParam(
            label = "consumer,changelog",
            defaultValue = "15s",
            javaType = "java.time.Duration",
            description = "How long a source's reader lease lasts without renewal: the longest a source goes unread"
                    + " after the process reading it dies without a clean stop, before another process sharing the"
                    + " store takes it over. The leases are renewed every third of it (5s by default). Set on the"
                    + " component: one value per store.")
    private Duration logLeaseDuration = Duration.ofSeconds(15);

    @UriParam(
            label = "consumer,changelog",
            defaultValue = "500ms",
            javaType = "java.time.Duration",
            description = "The longest a change log consumer that has caught up waits for a new entry. An append"
                    + " made in this process wakes its consumers at once, so this bounds only how late an entry"
                    + " appended by another process sharing the log is seen.")
    private Duration logReadInterval = Duration.ofMillis(500);

    public CodingConfiguration copy() {
        try {
            return (CodingConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The credential to use: exactly one kind must be configured. */
    public CodingCredentials credentials() {
        // Property placeholders leave unset credentials as empty strings: treat those as not set.
        String token = blankToNull(this.token);
        String oauthToken = blankToNull(this.oauthToken);
        String projectToken = blankToNull(this.projectToken);
        String projectTokenUser = blankToNull(this.projectTokenUser);
        String oauthCredentials = blankToNull(this.oauthCredentials);
        int kinds = (token != null ? 1 : 0)
                + (oauthToken != null ? 1 : 0)
                + (projectToken != null ? 1 : 0)
                + (oauthCredentials != null || oauthCredentialStore != null ? 1 : 0);
        if (kinds == 0) {
            throw new IllegalArgumentException(
                    "No CODING credential: set 'token' (a personal access token), 'oauthToken'"
                            + ", 'oauthCredentials' (the file of coding-sync authorize) or 'projectTokenUser' with 'projectToken'");
        }
        if (kinds > 1 || oauthCredentials != null && oauthCredentialStore != null) {
            throw new IllegalArgumentException(
                    "Several CODING credentials are set: use only one of 'token', 'oauthToken',"
                            + " 'oauthCredentials', 'oauthCredentialStore' and 'projectToken' (one credential per source)");
        }
        if (oauthCredentials != null || oauthCredentialStore != null) {
            // One session per call: sessions over the same store coordinate their refreshes through the store's lock.
            CredentialStore store = oauthCredentialStore != null
                    ? oauthCredentialStore
                    : new FileCredentialStore(Path.of(oauthCredentials));
            return CodingCredentials.oauthGrant(
                    new OAuthSession(store, new TokenEndpoint(requestTimeout), Clock.systemUTC()));
        }
        if (token != null) {
            return CodingCredentials.personalToken(token);
        }
        if (oauthToken != null) {
            return CodingCredentials.oauthToken(oauthToken);
        }
        if (projectTokenUser == null) {
            throw new IllegalArgumentException(
                    "'projectToken' needs 'projectTokenUser', the token's generated user name");
        }
        return CodingCredentials.projectToken(projectTokenUser, projectToken);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** The API URL in force: the configured one, or derived from the team name. */
    public String effectiveApiUrl() {
        if (apiUrl != null && !apiUrl.isBlank()) {
            return apiUrl;
        }
        return teamName != null && !teamName.isBlank()
                ? CodingClientOptions.apiUrlForTeam(teamName)
                : CodingClientOptions.DEFAULT_API_URL;
    }

    public CodingClientOptions clientOptions() {
        return CodingClientOptions.builder()
                .apiUrl(effectiveApiUrl())
                .credentials(credentials())
                .requestsPerSecond(rateLimit)
                .requestTimeout(requestTimeout)
                .maxAttempts(maxAttempts)
                .maxTotalWait(maxRetryWait)
                .build();
    }

    /**
     * Checks these options for an endpoint of {@code table} before it starts, with a message that says what to set:
     * the credential, the project, the sizes, the durations and, per mode, the webhook and change log options.
     */
    public void validate(CodingTable table) {
        credentials(); // explains what is missing
        if (table.isProjectScoped()
                && (getProjectName() == null || getProjectName().isBlank())) {
            throw new IllegalArgumentException("coding:" + table.uriName() + " needs 'projectName': the project's URL"
                    + " name (https://<team>.coding.net/p/<projectName>)");
        }
        if (getBatchSize() < 1) {
            throw new IllegalArgumentException(
                    "batchSize must be 1 or more (1 = one event per exchange), got " + getBatchSize());
        }
        if (getPageSize() < 1 || getPageSize() > IssueQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to 500 (CODING's maximum), got " + getPageSize());
        }
        if (!IssueQuery.ISSUE_TYPES.contains(getIssueType())) {
            throw new IllegalArgumentException(
                    "issueType must be one of " + IssueQuery.ISSUE_TYPES + ", got " + getIssueType());
        }
        StartPosition.parse(getStartFrom());
        PollContext.parseIterationCodes(getIterationCodes());
        if (getLookback() == null || getLookback().isNegative()) {
            throw new IllegalArgumentException("lookback must be zero or positive, got " + getLookback());
        }
        if (getReconcileInterval() == null || getReconcileInterval().isNegative()) {
            throw new IllegalArgumentException(
                    "reconcileInterval must be zero (off) or positive, got " + getReconcileInterval());
        }
        if (getCommentCallsPerPoll() < 0) {
            throw new IllegalArgumentException(
                    "commentCallsPerPoll must be 0 (derived from rateLimit) or more, got " + getCommentCallsPerPoll());
        }
        if (!(getCommentRescanShare() >= 0 && getCommentRescanShare() <= 1)) {
            throw new IllegalArgumentException(
                    "commentRescanShare must be 0 to 1 (e.g. 0.2 for 20 %), got " + getCommentRescanShare());
        }
        if (getCommentMaxStaleness() == null || getCommentMaxStaleness().toMinutes() < 1) {
            throw new IllegalArgumentException(
                    "commentMaxStaleness must be 1m or more, got " + getCommentMaxStaleness());
        }
        if (getMode() != CodingMode.polling) {
            validateWebhook();
        }
        clientOptions(); // validates apiUrl, rate limit and timeouts
        if (usesLogCache()) {
            validateLogCache();
        }
    }

    private void validateLogCache() {
        String spec = getLogCache().trim();
        if (!"embedded".equals(spec) && !(spec.startsWith("#") && spec.length() > 1)) {
            throw new IllegalArgumentException(
                    "logCache must be none, embedded or #bean (a DataSource in the registry), got '" + spec + "'");
        }
        if (getTeamName() == null || getTeamName().isBlank()) {
            throw new IllegalArgumentException(
                    "logCache needs 'teamName': the log is kept per team, project and table");
        }
        parseLogStart(getLogStartFrom());
        requirePositive("logRetention", getLogRetention(), "");
        requirePositive("logLeaseDuration", getLogLeaseDuration(), "");
        requirePositive("logReadInterval", getLogReadInterval(), "");
    }

    private void validateWebhook() {
        String secret = getWebhookSecret();
        if ((secret == null || secret.isEmpty()) && !isWebhookAllowUnsigned()) {
            throw new IllegalArgumentException("mode=" + getMode() + " needs 'webhookSecret', the token set in CODING's"
                    + " Service Hook (coding-sync webhook-url generates one), or webhookAllowUnsigned=true");
        }
        if (secret != null && secret.isEmpty()) {
            setWebhookSecret(null);
        }
        String server = getWebhookServer();
        if (!"jetty".equals(server) && !"platform-http".equals(server)) {
            throw new IllegalArgumentException("webhookServer must be jetty or platform-http, got " + server);
        }
        if (getWebhookPath() == null || !getWebhookPath().startsWith("/")) {
            throw new IllegalArgumentException("webhookPath must start with '/', got " + getWebhookPath());
        }
        if (getWebhookPort() < 0 || getWebhookPort() > 65535) {
            throw new IllegalArgumentException("webhookPort must be 0 to 65535, got " + getWebhookPort());
        }
        if (getWebhookMaxBodySize() < 1) {
            throw new IllegalArgumentException("webhookMaxBodySize must be positive");
        }
        requirePositive("webhookAnswerTimeout", getWebhookAnswerTimeout(), " (CODING waits 5 s; default 4s)");
        requirePositive("deliveryTtl", getDeliveryTtl(), "");
        requirePositive("backstopInterval", getBackstopInterval(), "");
        requireNotNegative("idleBackoffAfter", getIdleBackoffAfter());
        requireNotNegative("maxIdleDelay", getMaxIdleDelay());
    }

    private static void requireNotNegative(String option, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(option + " must be 0 or more, got " + value);
        }
    }

    private static void requirePositive(String option, Duration value, String hint) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(option + " must be positive" + hint + ", got " + value);
        }
    }

    /** {@code logStartFrom}: oldest, now or an ISO-8601 instant. */
    public static StartFrom parseLogStart(String text) {
        String value = text == null ? "oldest" : text.trim();
        if ("oldest".equals(value)) {
            return StartFrom.oldest();
        }
        if ("now".equals(value)) {
            return StartFrom.now();
        }
        try {
            return StartFrom.at(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("logStartFrom must be oldest, now or an ISO-8601 instant such as"
                    + " 2024-05-01T00:00:00Z, got '" + text + "'");
        }
    }

    public String getTeamName() {
        return teamName;
    }

    public void setTeamName(String teamName) {
        this.teamName = teamName;
    }

    public String getProjectName() {
        return projectName;
    }

    public void setProjectName(String projectName) {
        this.projectName = projectName;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getOauthToken() {
        return oauthToken;
    }

    public void setOauthToken(String oauthToken) {
        this.oauthToken = oauthToken;
    }

    public String getOauthCredentials() {
        return oauthCredentials;
    }

    public void setOauthCredentials(String oauthCredentials) {
        this.oauthCredentials = oauthCredentials;
    }

    public CredentialStore getOauthCredentialStore() {
        return oauthCredentialStore;
    }

    public void setOauthCredentialStore(CredentialStore oauthCredentialStore) {
        this.oauthCredentialStore = oauthCredentialStore;
    }

    public String getProjectTokenUser() {
        return projectTokenUser;
    }

    public void setProjectTokenUser(String projectTokenUser) {
        this.projectTokenUser = projectTokenUser;
    }

    public String getProjectToken() {
        return projectToken;
    }

    public void setProjectToken(String projectToken) {
        this.projectToken = projectToken;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getMaxRetryWait() {
        return maxRetryWait;
    }

    public void setMaxRetryWait(Duration maxRetryWait) {
        this.maxRetryWait = maxRetryWait;
    }

    public CodingMode getMode() {
        return mode;
    }

    public void setMode(CodingMode mode) {
        this.mode = mode;
    }

    public String getIssueType() {
        return issueType;
    }

    public void setIssueType(String issueType) {
        this.issueType = issueType;
    }

    public String getIterationCodes() {
        return iterationCodes;
    }

    public void setIterationCodes(String iterationCodes) {
        this.iterationCodes = iterationCodes;
    }

    public int getPageSize() {
        return pageSize;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public String getStartFrom() {
        return startFrom;
    }

    public void setStartFrom(String startFrom) {
        this.startFrom = startFrom;
    }

    public Duration getLookback() {
        return lookback;
    }

    public void setLookback(Duration lookback) {
        this.lookback = lookback;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public IterationStrategy getIterationStrategy() {
        return iterationStrategy;
    }

    public void setIterationStrategy(IterationStrategy iterationStrategy) {
        this.iterationStrategy = iterationStrategy;
    }

    public boolean isFetchIssueDetail() {
        return fetchIssueDetail;
    }

    public void setFetchIssueDetail(boolean fetchIssueDetail) {
        this.fetchIssueDetail = fetchIssueDetail;
    }

    public int getCommentCallsPerPoll() {
        return commentCallsPerPoll;
    }

    public void setCommentCallsPerPoll(int commentCallsPerPoll) {
        this.commentCallsPerPoll = commentCallsPerPoll;
    }

    public double getCommentRescanShare() {
        return commentRescanShare;
    }

    public void setCommentRescanShare(double commentRescanShare) {
        this.commentRescanShare = commentRescanShare;
    }

    public Duration getCommentMaxStaleness() {
        return commentMaxStaleness;
    }

    public void setCommentMaxStaleness(Duration commentMaxStaleness) {
        this.commentMaxStaleness = commentMaxStaleness;
    }

    public String getWebhookServer() {
        return webhookServer;
    }

    public void setWebhookServer(String webhookServer) {
        this.webhookServer = webhookServer;
    }

    public String getWebhookHost() {
        return webhookHost;
    }

    public void setWebhookHost(String webhookHost) {
        this.webhookHost = webhookHost;
    }

    public int getWebhookPort() {
        return webhookPort;
    }

    public void setWebhookPort(int webhookPort) {
        this.webhookPort = webhookPort;
    }

    public String getWebhookPath() {
        return webhookPath;
    }

    public void setWebhookPath(String webhookPath) {
        this.webhookPath = webhookPath;
    }

    public String getWebhookSecret() {
        return webhookSecret;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public boolean isWebhookAllowUnsigned() {
        return webhookAllowUnsigned;
    }

    public void setWebhookAllowUnsigned(boolean webhookAllowUnsigned) {
        this.webhookAllowUnsigned = webhookAllowUnsigned;
    }

    public long getWebhookMaxBodySize() {
        return webhookMaxBodySize;
    }

    public void setWebhookMaxBodySize(long webhookMaxBodySize) {
        this.webhookMaxBodySize = webhookMaxBodySize;
    }

    public boolean isRefetch() {
        return refetch;
    }

    public void setRefetch(boolean refetch) {
        this.refetch = refetch;
    }

    public Duration getWebhookAnswerTimeout() {
        return webhookAnswerTimeout;
    }

    public void setWebhookAnswerTimeout(Duration webhookAnswerTimeout) {
        this.webhookAnswerTimeout = webhookAnswerTimeout;
    }

    public Duration getDeliveryTtl() {
        return deliveryTtl;
    }

    public void setDeliveryTtl(Duration deliveryTtl) {
        this.deliveryTtl = deliveryTtl;
    }

    public org.apache.camel.spi.IdempotentRepository getDeliveryRepository() {
        return deliveryRepository;
    }

    public void setDeliveryRepository(org.apache.camel.spi.IdempotentRepository deliveryRepository) {
        this.deliveryRepository = deliveryRepository;
    }

    public Duration getIdleBackoffAfter() {
        return idleBackoffAfter;
    }

    public void setIdleBackoffAfter(Duration idleBackoffAfter) {
        this.idleBackoffAfter = idleBackoffAfter;
    }

    public Duration getMaxIdleDelay() {
        return maxIdleDelay;
    }

    public void setMaxIdleDelay(Duration maxIdleDelay) {
        this.maxIdleDelay = maxIdleDelay;
    }

    public Duration getBackstopInterval() {
        return backstopInterval;
    }

    public void setBackstopInterval(Duration backstopInterval) {
        this.backstopInterval = backstopInterval;
    }

    public StateRepository<String, String> getCursorRepository() {
        return cursorRepository;
    }

    public void setCursorRepository(StateRepository<String, String> cursorRepository) {
        this.cursorRepository = cursorRepository;
    }

    public String getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public String getLogCache() {
        return logCache;
    }

    public void setLogCache(String logCache) {
        this.logCache = logCache;
    }

    public String getConsumerName() {
        return consumerName;
    }

    public void setConsumerName(String consumerName) {
        this.consumerName = consumerName;
    }

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String getLogStartFrom() {
        return logStartFrom;
    }

    public void setLogStartFrom(String logStartFrom) {
        this.logStartFrom = logStartFrom;
    }

    public Duration getLogRetention() {
        return logRetention;
    }

    public void setLogRetention(Duration logRetention) {
        this.logRetention = logRetention;
    }

    public Duration getLogLeaseDuration() {
        return logLeaseDuration;
    }

    public void setLogLeaseDuration(Duration logLeaseDuration) {
        this.logLeaseDuration = logLeaseDuration;
    }

    public Duration getLogReadInterval() {
        return logReadInterval;
    }

    public void setLogReadInterval(Duration logReadInterval) {
        this.logReadInterval = logReadInterval;
    }

    /** Whether the routes read a change log rather than CODING itself. */
    public boolean usesLogCache() {
        return logCache != null && !logCache.isBlank() && !"none".equals(logCache.trim());
    }
}
