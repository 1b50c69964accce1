package dev.camelcoding.simulator;

import com.sun.net.httpserver.HttpServer;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A local stand-in for Tencent Cloud CODING: its Open API ({@code POST /open-api}, actions in the body, answers in the
 * {@code {"Response":{...}}} envelope) over seeded, deterministic project data, plus Service Hook deliveries for
 * changes made through this class. For tests, demos and benchmarks.
 *
 * <pre>{@code
 * try (CodingSimulator sim = CodingSimulator.builder().issues(500).start()) {
 *     String base = sim.baseUrl();               // http://127.0.0.1:<port>/open-api
 *     sim.registerHook(receiverUrl, "secret", List.of());
 *     int code = sim.createIssue("MISSION", "Write the docs");   // delivers ISSUE_CREATED before returning
 * }
 * }</pre>
 */
public final class CodingSimulator implements AutoCloseable {

    /** Default data anchor: seeded data spans the year before 2026-01-01T00:00+08:00. */
    public static final long DEFAULT_DATA_ANCHOR =
            OffsetDateTime.parse("2026-01-01T00:00:00+08:00").toInstant().toEpochMilli();

    static {
        // The JDK server writes headers and body in separate packets; with Nagle's algorithm on, every small answer
        // then waits ~40 ms for a delayed ACK. Switch it off unless the application decided otherwise. (Read once,
        // when the JDK's server configuration is first loaded.)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimulatorConfig config;
    private final SimulatorData data;
    private final TeamProjects team;
    private final TeamApi api;
    private final Faults faults;
    private final RequestCounters counters = new RequestCounters();
    private final Authenticator auth;
    private final OAuthGrants oauth;
    private final ServiceHooks hooks;
    private final Mutations mutations;
    private HttpServer server;
    private ExecutorService serverExecutor;

    private CodingSimulator(SimulatorConfig config) {
        this.config = config;
        this.data = new SimulatorData(config);
        this.faults = new Faults(config.seed());
        this.oauth = new OAuthGrants(config.clock(), config.team());
        this.oauth.registerApp(config.oauthClientId(), config.oauthClientSecret());
        this.auth = new Authenticator(config, oauth);
        this.hooks = new ServiceHooks(config.hookTimeout(), config.clock());
        SimulatedProject defaultProject = new SimulatedProject(data, hooks);
        this.mutations = defaultProject.mutations();
        this.team = new TeamProjects(config, defaultProject, hooks);
        this.api = new TeamApi(team, hooks);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and serves; returns this. Calling it on a started simulator does nothing. */
    public synchronized CodingSimulator start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(), e);
        }
        AtomicInteger n = new AtomicInteger();
        serverExecutor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "coding-sim-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(serverExecutor);
        server.createContext("/open-api", new OpenApiHandler(config, api, auth, faults, counters, oauth));
        OAuthHandler oauthHandler = new OAuthHandler(oauth);
        server.createContext(OAuthHandler.AUTHORIZE_PATH, oauthHandler);
        server.createContext(OAuthHandler.TOKEN_PATH, oauthHandler);
        server.createContext("/_simulator", new AdminHandler(this));
        server.start();
        return this;
    }

    /**
     * {@code http://<host>:<port>}: what https://&lt;team&gt;.coding.net is to CODING, the base of the OAuth URLs
     * ({@code /oauth_authorize.html}, {@code /api/oauth/access_token}).
     */
    public String siteUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** {@code http://<host>:<port>/open-api}. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port() + "/open-api";
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    public String projectName() {
        return data.projectName();
    }

    public long projectId() {
        return data.projectId();
    }

    /** The team domain. */
    public String team() {
        return data.team();
    }

    public String personalToken() {
        return config.personalToken();
    }

    public String oauthToken() {
        return config.oauthToken();
    }

    /** The OAuth app registered from the start (more with {@code oauth().registerApp}). */
    public String oauthClientId() {
        return config.oauthClientId();
    }

    public String oauthClientSecret() {
        return config.oauthClientSecret();
    }

    /** The OAuth grants: apps, codes, tokens, and the log of calls made with OAuth access tokens. */
    public OAuthGrants oauth() {
        return oauth;
    }

    /** The project token's user name and password, for {@code Authorization: Basic}. */
    public Map.Entry<String, String> projectToken() {
        return Map.entry(config.projectTokenUser(), config.projectTokenPassword());
    }

    /**
     * Lets {@code token} (personal token, OAuth token, or the project token's user name or password) call only
     * {@code allowedActions}; other actions answer {@code UnauthorizedOperation}. {@code null} lifts the restriction.
     */
    public void restrictToken(String token, Set<String> allowedActions) {
        auth.restrict(token, allowedActions);
    }

    public Faults faults() {
        return faults;
    }

    public RequestCounters counters() {
        return counters;
    }

    public SimulatorData data() {
        return data;
    }

    /** The Open API actions served. */
    public Set<String> actions() {
        return api.names();
    }

    // ------------------------------------------------------------------------------------------------ the team

    /** The default project: the one every one-project method of this class (createIssue, registerHook...) acts on. */
    public SimulatedProject defaultProject() {
        return team.defaultProject();
    }

    /** A project of the team with data by name (the default, its listed neighbours, or one added). */
    public SimulatedProject project(String name) {
        SimulatedProject p = team.byName(name);
        if (p == null) {
            throw new IllegalArgumentException("no project " + name + " in the team");
        }
        return p;
    }

    /** Every project of the team, the default first, then in the order they were added. */
    public List<SimulatedProject> projects() {
        return team.all();
    }

    /** Adds a project to the team now (a new project appears in DescribeCodingProjects); returns it. */
    public SimulatedProject addProject(String name, Consumer<ProjectSpec> spec) {
        ProjectSpec s = new ProjectSpec();
        if (spec != null) {
            spec.accept(s);
        }
        return team.add(name, s);
    }

    /** Adds a project with {@code issues} seeded issues (3 iterations, 4 members). */
    public SimulatedProject addProject(String name, int issues) {
        return addProject(name, s -> s.issues(issues));
    }

    /**
     * Removes a project from the team now: it is no longer listed, actions naming it answer ResourceNotFound, its
     * hooks are gone. The default project cannot be removed.
     */
    public void removeProject(String name) {
        team.remove(name);
    }

    /** What the credential may do with a project (see {@link ProjectAccess}); every project starts FULL. */
    public void projectAccess(String name, ProjectAccess access) {
        team.setAccess(name, Objects.requireNonNull(access, "access"));
    }

    /**
     * Denies (true) or allows again (false) the Service Hook actions (Create/Describe/Delete/PingServiceHook,
     * DescribeServiceHookLogs) to every credential: they answer UnauthorizedOperation naming the missing
     * service-hook permission, as for a token without it.
     */
    public void denyServiceHooks(boolean deny) {
        api.denyServiceHooks(deny);
    }

    /**
     * Denies (true) or allows again (false) the Service Hook actions in one project only, while the project's other
     * actions answer: a credential whose role there lacks the service-hook permission (CODING grants it per project).
     * Hooks created before still deliver.
     */
    public void denyServiceHooks(String project, boolean deny) {
        api.denyServiceHooks(Objects.requireNonNull(project, "project"), deny);
    }

    // ------------------------------------------------------------------------------------------------ mutations

    /** Creates an issue (status: the type's first, priority 1 "中", creator and watcher: the API user); ISSUE_CREATED. */
    public int createIssue(String type, String name) {
        return mutations.createIssue(type, name, null);
    }

    /** Creates an issue with more details (a SUB_TASK needs {@code e.parent(code)}); ISSUE_CREATED. */
    public int createIssue(String type, String name, Consumer<IssueEdit> details) {
        return mutations.createIssue(type, name, details);
    }

    /**
     * Adds a custom issue field now (CODING: project settings, issue fields), for the issue types given (none:
     * every type); option fields get the options' titles in order. Returns the new field's id.
     */
    public long addCustomField(
            String name, String componentType, List<String> optionTitles, Collection<String> issueTypes) {
        return team.defaultProject().addCustomField(name, componentType, optionTitles, issueTypes);
    }

    /** Changes an issue; see {@link IssueEdit} for which event fires. Throws IllegalArgumentException on bad values. */
    public void updateIssue(int code, Consumer<IssueEdit> edit) {
        mutations.updateIssue(code, edit);
    }

    /** Deletes an issue and its sub-tasks; ISSUE_DELETED for each. */
    public void deleteIssue(int code) {
        mutations.deleteIssue(code);
    }

    /** Adds a markdown comment by the API user; ISSUE_COMMENT_CREATED. The issue's UpdatedAt does not move. */
    public long addComment(int issueCode, String markdown) {
        return mutations.addComment(issueCode, markdown);
    }

    /** Edits a comment (its UpdatedAt moves, the issue's does not); CODING sends no event for it. */
    public void editComment(int issueCode, long commentId, String markdown) {
        mutations.editComment(issueCode, commentId, markdown);
    }

    /** Deletes a comment; CODING sends no event for it. */
    public void deleteComment(int issueCode, long commentId) {
        mutations.deleteComment(issueCode, commentId);
    }

    /** Creates a WAIT_PROCESS iteration without dates; ITERATION_CREATED. Duplicate names are refused. */
    public int createIteration(String name) {
        return mutations.createIteration(name);
    }

    public void updateIteration(int code, Consumer<IterationEdit> edit) {
        mutations.updateIteration(code, edit);
    }

    public void deleteIteration(int code) {
        mutations.deleteIteration(code);
    }

    /** Adds a new user to the team and the project with a role (see {@link SimulatorData#roleNames()}). */
    public long addMember(String name, String roleName) {
        return mutations.addMember(name, roleName);
    }

    public void changeMemberRole(long userId, String roleName) {
        mutations.changeMemberRole(userId, roleName);
    }

    /** Removes a user from the project (the user stays in the team); MEMBER_DELETED. */
    public void removeMember(long userId) {
        mutations.removeMember(userId);
    }

    // ------------------------------------------------------------------------------------------------ hooks

    /**
     * Registers a Service Hook (WebHook, webhook_http_post) for the default project.
     *
     * @param secret the token CODING signs with ({@code X-Coding-Signature}); null = unsigned
     * @param events event codes; empty = all
     * @return the hook id (a UUID)
     */
    public String registerHook(String url, String secret, Collection<String> events) {
        return team.defaultProject().registerHook(url, secret, events);
    }

    /** Removes every hook of every project of the team. */
    public void unregisterHooks() {
        hooks.unregisterAll();
    }

    /** Sends a PING to every hook of the default project (CODING's "test" button); returns the first delivery. */
    public HookDelivery ping() {
        return mutations.ping();
    }

    /** Every delivery so far, to the hooks of every project of the team, oldest first. */
    public List<HookDelivery> deliveries() {
        return hooks.deliveries();
    }

    public void clearDeliveries() {
        hooks.clearDeliveries();
    }

    /** Re-sends a logged delivery: same bytes, same headers, same X-Coding-Delivery (CODING's "resend"). */
    public HookDelivery redeliver(String deliveryId) {
        return hooks.redeliver(deliveryId);
    }

    /**
     * Sends {@code body} as-is to every registered hook with the standard headers of {@code event} (signed with each
     * hook's secret over these bytes), then {@code headerOverrides} applied (null value = remove the header), for
     * forged or malformed delivery tests.
     */
    public List<HookDelivery> sendRaw(String event, byte[] body, Map<String, String> headerOverrides) {
        return hooks.sendRaw(event, body, headerOverrides);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            serverExecutor.shutdownNow();
            try {
                serverExecutor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        hooks.close();
    }

    SimulatorConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Collects settings; {@link #build()} generates the data, {@link #start()} also serves it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private long seed = 42;
        private String team = "acme";
        private String projectName = "demo-project";
        private int issues = 200;
        private int iterations = 8;
        private int members = 12;
        private int maxCommentsPerIssue = 3;
        private String personalToken = "sim-personal-token";
        private String oauthToken = "sim-oauth-token";
        private String oauthClientId = "sim-client-id";
        private String oauthClientSecret = "sim-client-secret";
        private String projectTokenUser = "sim-project";
        private String projectTokenPassword = "sim-project-secret";
        private LongSupplier clock = System::currentTimeMillis;
        private Duration clockOffset = Duration.ZERO;
        private IterationOffsetMode iterationOffsetMode = IterationOffsetMode.ROW;
        private String iterationDataKey = "data";
        private int authFailureHttpStatus = 200;
        private long dataAnchor = DEFAULT_DATA_ANCHOR;
        private boolean showSubIssuesByDefault;
        private boolean wholeSecondTimestamps = true;
        private Duration hookTimeout = Duration.ofSeconds(5);
        private final Map<String, ProjectSpec> extraProjects = new java.util.LinkedHashMap<>();
        private boolean denyServiceHooks;

        private Builder() {}

        /**
         * Adds another project to the team, with its own issues, iterations, members and comments (its users are the
         * team's: the default project's first ones). The default project stays the one the one-project methods use.
         */
        public Builder addProject(String name, Consumer<ProjectSpec> spec) {
            requireSlug(name, "project name");
            ProjectSpec s = new ProjectSpec();
            if (spec != null) {
                spec.accept(s);
            }
            extraProjects.put(name, s);
            return this;
        }

        /** Adds another project with {@code issues} seeded issues (3 iterations, 4 members). */
        public Builder addProject(String name, int issues) {
            return addProject(name, s -> s.issues(issues));
        }

        /** Starts with the Service Hook actions denied (see {@link CodingSimulator#denyServiceHooks}). */
        public Builder denyServiceHooks(boolean deny) {
            this.denyServiceHooks = deny;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The team domain (https://{team}.coding.net). */
        public Builder team(String team) {
            this.team = requireSlug(team, "team");
            return this;
        }

        /** The project's Name (URL slug), used as ProjectName by the API. */
        public Builder projectName(String projectName) {
            this.projectName = requireSlug(projectName, "projectName");
            return this;
        }

        public Builder issues(int issues) {
            this.issues = requireAtLeast(issues, 0, "issues");
            return this;
        }

        public Builder iterations(int iterations) {
            this.iterations = requireAtLeast(iterations, 0, "iterations");
            return this;
        }

        /** Project members (at least 1: the admin every token authenticates as); the team has 3 more users. */
        public Builder members(int members) {
            this.members = requireAtLeast(members, 1, "members");
            return this;
        }

        /** Seeded issues get 0..max comments each (at most 63). */
        public Builder maxCommentsPerIssue(int max) {
            this.maxCommentsPerIssue = requireAtLeast(max, 0, "maxCommentsPerIssue");
            if (max > 63) {
                throw new IllegalArgumentException("maxCommentsPerIssue must be at most 63");
            }
            return this;
        }

        /** Accepted as {@code Authorization: token <t>}. */
        public Builder personalToken(String token) {
            this.personalToken = Objects.requireNonNull(token);
            return this;
        }

        /** Accepted as {@code Authorization: Bearer <t>}. */
        public Builder oauthToken(String token) {
            this.oauthToken = Objects.requireNonNull(token);
            return this;
        }

        /** The OAuth app registered from the start, for the authorize page and the token URL. */
        public Builder oauthApp(String clientId, String clientSecret) {
            this.oauthClientId = Objects.requireNonNull(clientId);
            this.oauthClientSecret = Objects.requireNonNull(clientSecret);
            return this;
        }

        /** Accepted as {@code Authorization: Basic base64(user:password)}. */
        public Builder projectToken(String user, String password) {
            this.projectTokenUser = Objects.requireNonNull(user);
            this.projectTokenPassword = Objects.requireNonNull(password);
            return this;
        }

        /** Epoch-ms clock for the times of mutations (cut to whole seconds unless disabled) and of OAuth expiry. */
        public Builder clock(LongSupplier epochMillis) {
            this.clock = Objects.requireNonNull(epochMillis);
            return this;
        }

        /**
         * How far this simulated CODING's clock runs from {@link #clock} (positive: ahead, negative: behind): every
         * time it stamps (UpdatedAt, CreatedAt, comment and hook times) is shifted, and with it what its UPDATED_AT
         * day ranges match. A real CODING's clock is not ours; this is how tests show nothing depends on it. The
         * HTTP Date header is not shifted: the JDK HTTP server always stamps its own wall clock.
         */
        public Builder clockOffset(Duration offset) {
            this.clockOffset = Objects.requireNonNull(offset);
            return this;
        }

        /** How the simulated DescribeIterationList reads Offset: {@code ROW} (default) or {@code PAGE}. */
        public Builder iterationOffsetMode(IterationOffsetMode mode) {
            if (Objects.requireNonNull(mode) == IterationOffsetMode.DETECT) {
                throw new IllegalArgumentException(
                        "a server reads Offset one way: ROW or PAGE (DETECT is the client's)");
            }
            this.iterationOffsetMode = mode;
            return this;
        }

        /** The key DescribeIterationList answers under: "data" (default, CODING in 2022) or "Data". */
        public Builder iterationDataKey(String key) {
            this.iterationDataKey = Objects.requireNonNull(key);
            return this;
        }

        /** HTTP status of AuthFailure answers: 200 (default, like CODING) or e.g. 401. */
        public Builder authFailureHttpStatus(int status) {
            this.authFailureHttpStatus = status;
            return this;
        }

        /**
         * The instant seeded data ends at (epoch ms): issues are created over the year before it. Fixed by default
         * ({@link #DEFAULT_DATA_ANCHOR}) so the same seed gives the same data on any day.
         */
        public Builder dataAnchor(long epochMillis) {
            this.dataAnchor = epochMillis;
            return this;
        }

        /**
         * Whether DescribeIssueListWithPage lists sub-tasks when the request has no ShowSubIssues (default false:
         * sub-tasks only with ShowSubIssues=true or IssueType=SUB_TASK).
         */
        public Builder showSubIssuesByDefault(boolean show) {
            this.showSubIssuesByDefault = show;
            return this;
        }

        /**
         * Whether mutation times are cut to whole seconds like CODING's issue times (default true; then several
         * changes within one second share UpdatedAt).
         */
        public Builder wholeSecondTimestamps(boolean whole) {
            this.wholeSecondTimestamps = whole;
            return this;
        }

        /** Service Hook delivery timeout (default 5 s, CODING's). */
        public Builder hookTimeout(Duration timeout) {
            this.hookTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Generates the data without binding a port. */
        public CodingSimulator build() {
            LongSupplier base = clock;
            long offsetMillis = clockOffset.toMillis();
            LongSupplier codingClock = offsetMillis == 0 ? base : () -> base.getAsLong() + offsetMillis;
            CodingSimulator sim = new CodingSimulator(new SimulatorConfig(
                    host,
                    port,
                    seed,
                    team,
                    projectName,
                    issues,
                    iterations,
                    members,
                    maxCommentsPerIssue,
                    personalToken,
                    oauthToken,
                    oauthClientId,
                    oauthClientSecret,
                    projectTokenUser,
                    projectTokenPassword,
                    codingClock,
                    iterationOffsetMode,
                    iterationDataKey,
                    authFailureHttpStatus,
                    dataAnchor,
                    showSubIssuesByDefault,
                    wholeSecondTimestamps,
                    hookTimeout,
                    seed,
                    0L,
                    true));
            extraProjects.forEach(sim.team::add);
            sim.denyServiceHooks(denyServiceHooks);
            return sim;
        }

        /** Generates the data and serves it. */
        public CodingSimulator start() {
            return build().start();
        }

        private static int requireAtLeast(int v, int min, String what) {
            if (v < min) {
                throw new IllegalArgumentException(what + " must be at least " + min);
            }
            return v;
        }

        static String requireSlug(String s, String what) {
            if (s == null || !s.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException(what + " must be a slug ([A-Za-z0-9_-]): " + s);
            }
            return s;
        }
    }
}
