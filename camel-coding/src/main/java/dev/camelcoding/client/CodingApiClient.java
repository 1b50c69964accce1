package dev.camelcoding.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.protocol.IterationOffsetMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client of CODING's Open API (https://e.coding.net/open-api or https://&lt;team&gt;.coding.net/open-api).
 *
 * <p>Every call goes through the credential's shared rate limiter and is retried on throttling and transient
 * failures; every other failure is thrown at once as a typed {@link CodingApiException}. Rows are returned as
 * Jackson objects exactly as CODING sent them, unknown fields included, so nothing CODING adds is lost. Listings are
 * lazy ({@link Listing}): a page is fetched only when it is needed.
 *
 * <p>The rate limiter is shared, by credential, among the clients given the same {@link RateLimiters}, and the HTTP
 * connection pool among the clients given the same {@link HttpClients} (a component's endpoints: see there why).
 */
public final class CodingApiClient implements AutoCloseable {

    private final CodingClientOptions options;
    private final ObjectMapper mapper;
    private final CodingOpenApi transport;
    private final CallGuard guard;
    private final CredentialLimiter.Lease rateLease;
    private final AtomicLong calls = new AtomicLong();
    private final ServerClock serverClock = new ServerClock(System::currentTimeMillis);
    private volatile IterationOffsetMode iterationOffsetMode;

    /** A client with a limiter of its own (nothing shared with other clients: for a command or a tool). */
    public CodingApiClient(CodingClientOptions options) {
        this(options, new RateLimiters());
    }

    /** A client whose calls share the credential's limiter in {@code limiters} with the other clients there. */
    public CodingApiClient(CodingClientOptions options, RateLimiters limiters) {
        this(options, new ObjectMapper(), limiters);
    }

    public CodingApiClient(CodingClientOptions options, ObjectMapper mapper, RateLimiters limiters) {
        this(options, mapper, limiters, null);
    }

    /**
     * A client whose calls go to {@code openApi} instead of HTTP (null: HTTP to {@code options.apiUrl()}), with the
     * same rate limit, retries and OAuth renewal around them. See {@link CodingOpenApi}.
     */
    public CodingApiClient(
            CodingClientOptions options, ObjectMapper mapper, RateLimiters limiters, CodingOpenApi openApi) {
        this(options, mapper, limiters, openApi, new HttpClients());
    }

    /**
     * A client whose HTTP calls go through the HTTP client {@code httpClients} holds for its credential and address,
     * shared with the other clients made with it, unless {@code openApi} stands in for HTTP (see {@link CodingOpenApi}).
     */
    public CodingApiClient(
            CodingClientOptions options,
            ObjectMapper mapper,
            RateLimiters limiters,
            CodingOpenApi openApi,
            HttpClients httpClients) {
        this.options = options;
        this.mapper = mapper;
        this.transport = openApi != null
                ? openApi
                : new OpenApiTransport(options, mapper, serverClock, httpClients.clientFor(options));
        this.rateLease = limiters.lease(
                options.credentials(), options.apiUrl().getHost(), options.requestsPerSecond(), options.budgetSource());
        this.guard = new CallGuard(rateLease, options);
        this.iterationOffsetMode = options.iterationOffsetMode();
    }

    /** Gives the client's share of the credential's rate back (the JDK HTTP client needs no closing on Java 17). */
    @Override
    public void close() {
        rateLease.close();
    }

    public CodingClientOptions options() {
        return options;
    }

    /** Calls made through this client, retries included. */
    public long callCount() {
        return calls.get();
    }

    /** How this client reads DescribeIterationList's Offset: as configured, or as detected once it has listed. */
    public IterationOffsetMode iterationOffsetMode() {
        return iterationOffsetMode;
    }

    /** CODING's clock as the Date headers of this client's answers show it. */
    public ServerClock serverClock() {
        return serverClock;
    }

    /** The credential's limiter this client's calls wait at. */
    public CredentialLimiter limiter() {
        return rateLease.limiter();
    }

    /** Any Action, at this client's priority: returns the unwrapped {@code Response}. */
    public JsonNode call(String action, ObjectNode params) {
        return call(action, params, options.callPriority());
    }

    /** Any Action, served at {@code priority} by the credential's limiter: returns the unwrapped {@code Response}. */
    public JsonNode call(String action, ObjectNode params, CallPriority priority) {
        CodingCredentials credentials = options.credentials();
        return guard.call(action, priority, () -> {
            String authorization = OAuthFailures.translate(action, credentials::authorizationHeader);
            try {
                calls.incrementAndGet();
                return transport.call(action, params, authorization);
            } catch (CodingAuthenticationException refused) {
                // An OAuth grant renews itself once per refusal (CODING may drop a token before its expiry);
                // a second refusal with the fresh token is final.
                String renewed = OAuthFailures.translate(action, () -> credentials.renewAfterRejection(authorization));
                if (renewed == null) {
                    throw refused;
                }
                calls.incrementAndGet();
                return transport.call(action, params, renewed);
            }
        });
    }

    public ObjectNode params() {
        return mapper.createObjectNode();
    }

    // ---- users, teams, projects ----

    /** DescribeCodingCurrentUser: the user the credential belongs to; the cheapest check that it is valid. */
    public ObjectNode currentUser() {
        return object(call("DescribeCodingCurrentUser", params()), "User", "DescribeCodingCurrentUser");
    }

    /** DescribeProjectByName: the project by its URL name; {@link CodingNotFoundException} when there is none. */
    public ObjectNode projectByName(String projectName) {
        JsonNode response = call("DescribeProjectByName", params().put("ProjectName", projectName));
        ObjectNode project = Json.objectOrNull(response, "Project");
        if (project == null) {
            // CODING may answer an unknown name with an empty Project rather than an error.
            throw new CodingNotFoundException(
                    ApiFailure.envelope(
                            "DescribeProjectByName",
                            Json.text(response, "RequestId"),
                            "ResourceNotFound",
                            "no project named " + projectName,
                            200),
                    "Check 'projectName': it is the project's URL name (https://<team>.coding.net/p/<projectName>)",
                    null);
        }
        return project;
    }

    /** DescribeCodingProjects: the team's projects the credential can see. */
    public Listing projects(int pageSize) {
        checkPageSize(pageSize);
        return new NumberedPageListing(
                1,
                number -> numberedPage(
                        "DescribeCodingProjects",
                        params().put("PageNumber", number).put("PageSize", pageSize),
                        "ProjectList",
                        number,
                        pageSize));
    }

    /** DescribeProjectMembers: members of a project, with their roles. Takes the project's numeric Id. */
    public Listing projectMembers(long projectId, int pageSize) {
        checkPageSize(pageSize);
        return new NumberedPageListing(
                1,
                number -> numberedPage(
                        "DescribeProjectMembers",
                        params().put("ProjectId", projectId)
                                .put("PageNumber", number)
                                .put("PageSize", pageSize),
                        "ProjectMembers",
                        number,
                        pageSize));
    }

    /** DescribeTeamMembers: every member of the team. */
    public Listing teamMembers(int pageSize) {
        checkPageSize(pageSize);
        return new NumberedPageListing(
                1,
                number -> numberedPage(
                        "DescribeTeamMembers",
                        params().put("PageNumber", number).put("PageSize", pageSize),
                        "TeamMembers",
                        number,
                        pageSize));
    }

    // ---- issues ----

    /** DescribeIssueListWithPage from the first page. */
    public Listing issues(IssueQuery query) {
        return issues(query, 1);
    }

    /** DescribeIssueListWithPage from {@code firstPage} on: how a backfill resumes after a crash. */
    public Listing issues(IssueQuery query, int firstPage) {
        return issues(query, firstPage, options.callPriority());
    }

    /** DescribeIssueListWithPage from {@code firstPage} on, each page served at {@code priority} by the limiter. */
    public Listing issues(IssueQuery query, int firstPage, CallPriority priority) {
        return new NumberedPageListing(firstPage, number -> issuePage(query, number, priority));
    }

    /** One page of DescribeIssueListWithPage. */
    public Page issuePage(IssueQuery query, int pageNumber) {
        return issuePage(query, pageNumber, options.callPriority());
    }

    /**
     * One page of DescribeIssueListWithPage at {@code priority}: a backfill's pages ({@link CallPriority#BACKFILL})
     * wait behind every source's incremental poll ({@link CallPriority#POLL}).
     */
    public Page issuePage(IssueQuery query, int pageNumber, CallPriority priority) {
        ObjectNode params = params().put("ProjectName", query.projectName())
                .put("IssueType", query.issueType())
                .put("PageNumber", pageNumber)
                .put("PageSize", query.pageSize())
                .put("SortKey", query.sortKey())
                .put("SortValue", query.ascending() ? "ASC" : "DESC")
                .put("ShowSubIssues", query.showSubIssues());
        if (!query.conditions().isEmpty()) {
            ArrayNode conditions = params.putArray("Conditions");
            query.conditions()
                    .forEach(c -> conditions.addObject().put("Key", c.key()).put("Value", c.value()));
        }
        JsonNode data = Json.field(call("DescribeIssueListWithPage", params, priority), "Data");
        List<ObjectNode> rows = rows(data, "List");
        long totalCount = Json.longValue(data, "TotalCount", -1);
        long totalPage = Json.longValue(data, "TotalPage", -1);
        boolean last = rows.size() < query.pageSize() || (totalPage >= 0 && pageNumber >= totalPage);
        return new Page(pageNumber, rows, totalCount, last);
    }

    /** DescribeIssue: the full issue, for the fields the list rows lack. */
    public ObjectNode issue(String projectName, long issueCode) {
        JsonNode response =
                call("DescribeIssue", params().put("ProjectName", projectName).put("IssueCode", issueCode));
        return object(response, "Issue", "DescribeIssue");
    }

    /** DescribeIssueCommentList: all comments of one issue (CODING does not page them). */
    public List<ObjectNode> issueComments(String projectName, long issueCode) {
        return issueComments(projectName, issueCode, options.callPriority());
    }

    /** DescribeIssueCommentList at {@code priority} (comment reads wait behind refetches and the issues poll). */
    public List<ObjectNode> issueComments(String projectName, long issueCode, CallPriority priority) {
        JsonNode response = call(
                "DescribeIssueCommentList",
                params().put("ProjectName", projectName).put("IssueCode", issueCode),
                priority);
        return rows(response, "CommentList");
    }

    // ---- iterations ----

    /** DescribeIterationList, {@code limit} rows per request, paged correctly whichever way CODING reads Offset. */
    public Listing iterations(String projectName, int limit) {
        checkPageSize(limit);
        return new IterationListing(
                limit,
                iterationOffsetMode,
                offset -> {
                    JsonNode data = Json.field(
                            call(
                                    "DescribeIterationList",
                                    params().put("ProjectName", projectName)
                                            .put("Offset", offset)
                                            .put("Limit", limit)),
                            "Data");
                    return new IterationListing.Fetched(rows(data, "List"), Json.longValue(data, "TotalRow", -1));
                },
                detected -> iterationOffsetMode = detected);
    }

    /** DescribeIteration: one iteration by its Code. */
    public ObjectNode iteration(String projectName, long iterationCode) {
        JsonNode response = call(
                "DescribeIteration", params().put("ProjectName", projectName).put("IterationCode", iterationCode));
        return object(response, "Iteration", "DescribeIteration");
    }

    // ---- issue metadata ----

    /** DescribeProjectIssueTypeList: the issue types enabled in a project. */
    public List<ObjectNode> projectIssueTypes(String projectName) {
        return rows(call("DescribeProjectIssueTypeList", params().put("ProjectName", projectName)), "IssueTypes");
    }

    /** DescribeTeamIssueTypeList: every issue type of the team. */
    public List<ObjectNode> teamIssueTypes() {
        return rows(call("DescribeTeamIssueTypeList", params()), "IssueTypes");
    }

    /** DescribeProjectIssueFieldList: the fields (system and custom) of one issue type in a project. */
    public List<ObjectNode> projectIssueFields(String projectName, String issueType) {
        return rows(
                call(
                        "DescribeProjectIssueFieldList",
                        params().put("ProjectName", projectName).put("IssueType", issueType)),
                "ProjectIssueFieldList");
    }

    /** DescribeProjectIssueFieldList by issue type id: a project may have several types of one kind. */
    public List<ObjectNode> projectIssueFields(String projectName, long issueTypeId) {
        return rows(
                call(
                        "DescribeProjectIssueFieldList",
                        params().put("ProjectName", projectName).put("IssueTypeId", issueTypeId)),
                "ProjectIssueFieldList");
    }

    /** DescribeProjectIssueStatusList by issue type id. */
    public List<ObjectNode> projectIssueStatuses(String projectName, long issueTypeId) {
        return rows(
                call(
                        "DescribeProjectIssueStatusList",
                        params().put("ProjectName", projectName).put("IssueTypeId", issueTypeId)),
                "ProjectIssueStatusList");
    }

    /** DescribeProjectIssueStatusList: the statuses of one issue type in a project. */
    public List<ObjectNode> projectIssueStatuses(String projectName, String issueType) {
        return rows(
                call(
                        "DescribeProjectIssueStatusList",
                        params().put("ProjectName", projectName).put("IssueType", issueType)),
                "ProjectIssueStatusList");
    }

    // ---- service hooks (contract §4.1; take the project's numeric Id) ----

    /** DescribeServiceHooks' page size: a project has a handful of hooks, so one call lists them all. */
    static final int SERVICE_HOOK_PAGE_SIZE = 100;

    /**
     * CreateServiceHook: a WebHook ({@code webhook_http_post}, JSON body) on the project, enabled. CODING does not
     * refuse a second hook with the same URL: a caller that wants one checks {@link #serviceHooks} first.
     */
    public ServiceHook createServiceHook(long projectId, NewServiceHook hook) {
        ObjectNode actionProperty = mapper.createObjectNode()
                .put("service_url", hook.serviceUrl())
                .put("token", hook.token())
                .put("content_type", "application/json");
        ObjectNode params = params().put("ProjectId", projectId)
                .put("TargetType", "PROJECT")
                .put("Name", hook.name())
                .put("Service", "WebHook")
                .put("ServiceAction", "webhook_http_post")
                .put("ActionProperty", actionProperty.toString())
                .put("Enabled", true);
        ArrayNode events = params.putArray("Event");
        hook.events().forEach(events::add);
        return ServiceHook.of(object(call("CreateServiceHook", params), "ServiceHook", "CreateServiceHook"));
    }

    /** DescribeServiceHooks: every Service Hook of the project (every page), oldest first as CODING lists them. */
    public List<ServiceHook> serviceHooks(long projectId) {
        List<ServiceHook> hooks = new ArrayList<>();
        var pages = new NumberedPageListing(
                1,
                number -> numberedPage(
                        "DescribeServiceHooks",
                        params().put("ProjectId", projectId)
                                .put("TargetType", "PROJECT")
                                .put("PageNumber", number)
                                .put("PageSize", SERVICE_HOOK_PAGE_SIZE),
                        "ServiceHook",
                        number,
                        SERVICE_HOOK_PAGE_SIZE));
        while (pages.hasNext()) {
            pages.next().rows().forEach(row -> hooks.add(ServiceHook.of(row)));
        }
        return hooks;
    }

    /** DeleteServiceHook: removes one hook of the project ({@link CodingNotFoundException} when it has none by that id). */
    public void deleteServiceHook(long projectId, String hookId) {
        ObjectNode params = params().put("ProjectId", projectId).put("TargetType", "PROJECT");
        params.putArray("Id").add(hookId);
        call("DeleteServiceHook", params);
    }

    /** PingServiceHook: CODING sends the hook a PING; how the receiver answered is in its log, not in this answer. */
    public void pingServiceHook(long projectId, String hookId) {
        ObjectNode params = params().put("ProjectId", projectId).put("TargetType", "PROJECT");
        params.putArray("Id").add(hookId);
        call("PingServiceHook", params);
    }

    /** DescribeServiceHookLogs: the hook's latest {@code count} delivery attempts, newest first. */
    public List<ServiceHookLogEntry> serviceHookLogs(long projectId, String hookId, int count) {
        checkPageSize(count);
        JsonNode data = Json.field(
                call(
                        "DescribeServiceHookLogs",
                        params().put("ProjectId", projectId)
                                .put("TargetType", "PROJECT")
                                .put("Id", hookId)
                                .put("PageNumber", 1)
                                .put("PageSize", count)),
                "Data");
        List<ServiceHookLogEntry> entries = new ArrayList<>();
        rows(data, "Log").forEach(row -> entries.add(ServiceHookLogEntry.of(row)));
        // newest first whatever order CODING lists them in (the contract does not say)
        entries.sort(
                java.util.Comparator.comparingLong(ServiceHookLogEntry::sentAt).reversed());
        return entries;
    }

    // ---- helpers ----

    private Page numberedPage(String action, ObjectNode params, String listKey, int number, int pageSize) {
        JsonNode data = Json.field(call(action, params), "Data");
        List<ObjectNode> rows = rows(data, listKey);
        long totalCount = Json.longValue(data, "TotalCount", -1);
        boolean last = rows.size() < pageSize || (totalCount >= 0 && (long) number * pageSize >= totalCount);
        return new Page(number, rows, totalCount, last);
    }

    private static List<ObjectNode> rows(JsonNode container, String key) {
        ArrayNode array = Json.array(container, key);
        List<ObjectNode> rows = new ArrayList<>(array.size());
        for (JsonNode row : array) {
            if (row.isObject()) {
                rows.add((ObjectNode) row);
            }
        }
        return rows;
    }

    private static ObjectNode object(JsonNode response, String key, String action) {
        JsonNode value = Json.field(response, key);
        if (!value.isObject()) {
            throw new CodingTransientException(
                    ApiFailure.http(
                            action, Json.text(response, "RequestId"), 0, "the answer has no '" + key + "' object"),
                    "CODING's answer was incomplete; the call may be retried",
                    null);
        }
        return (ObjectNode) value;
    }

    private static void checkPageSize(int pageSize) {
        if (pageSize < 1 || pageSize > IssueQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "page size must be 1 to " + IssueQuery.MAX_PAGE_SIZE + ", got " + pageSize);
        }
    }
}
