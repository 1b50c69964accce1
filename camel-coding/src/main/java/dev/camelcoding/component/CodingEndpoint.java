package dev.camelcoding.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.component.polling.CrossPathLedger;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StartPosition;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.state.DeliveryLog;
import dev.camelcoding.component.webhook.SecretPath;
import dev.camelcoding.component.webhook.WebhookListeners;
import dev.camelcoding.component.webhook.WebhookRequestHandler;
import java.util.List;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.webhook.WebhookCapableEndpoint;
import org.apache.camel.component.webhook.WebhookConfiguration;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one table of a Tencent Cloud CODING DevOps project as JSON change events (Debezium-like: op, key, before,
 * after, source), by polling CODING's Open API or by receiving its Service Hooks.
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "coding",
        title = "CODING DevOps",
        syntax = "coding:table",
        consumerOnly = true,
        category = {Category.API, Category.SAAS},
        headersClass = CodingConstants.class)
public class CodingEndpoint extends ScheduledPollEndpoint
        implements EndpointServiceLocation, WebhookCapableEndpoint, org.apache.camel.MultipleConsumersSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CodingEndpoint.class);

    @UriPath(
            enums = "issues,iterations,projectMembers,comments,projects,issueTypes,issueFields,issueStatuses",
            description = "The table to stream.")
    @Metadata(required = true)
    private String table;

    @UriParam
    private CodingConfiguration configuration;
    /**
     * Declares our poll interval in the generated metadata. ScheduledPollEndpoint's own {@code delay} declares
     * Camel's generic 500 ms, which would spend CODING's rate budget twice a second; the value itself lives in
     * ScheduledPollEndpoint (set by CodingComponent), this field only carries the declaration, as Camel's own
     * mail and slack endpoints do.
     */
    @UriParam(
            label = "consumer,scheduler",
            defaultValue = "" + CodingComponent.DEFAULT_DELAY_MS,
            description = "Milliseconds before the next poll (CODING is polled every minute unless told otherwise).")
    @SuppressWarnings("unused")
    private long delay = CodingComponent.DEFAULT_DELAY_MS;

    private CodingTable codingTable;
    private CodingApiClient client;
    private CodingCredentials credentials;
    /** Not final: a change log reader reports into the health of the route endpoint it reads for. */
    private CodingHealth health = new CodingHealth();

    private CrossPathLedger crossPathLedger;
    private dev.camelcoding.component.schema.CustomFieldDefinitions customFieldDefinitions;
    private StateStore stateStore;
    private WebhookConfiguration webhookConfiguration;
    private DeliveryLog handlerDeliveries;
    /** The handlers made for camel-webhook, closed (their route threads stopped) with the endpoint. */
    private final List<WebhookRequestHandler> webhookHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The targets of those handlers: webhook consumers without a listener of their own. */
    private final List<CodingWebhookConsumer> webhookTargets = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * Whether this endpoint may call CODING now: always, except for a change log reader, which reads only while it
     * holds its source's lease (a follower's poll would spend the credential's budget on changes it may not append).
     */
    private volatile java.util.function.BooleanSupplier readGate = () -> true;

    public CodingEndpoint(String uri, CodingComponent component, CodingTable table, CodingConfiguration configuration) {
        super(uri, component);
        this.codingTable = table;
        this.table = table.uriName();
        this.configuration = configuration;
    }

    @Override
    public CodingComponent getComponent() {
        return (CodingComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("coding: is a source only (CODING is read, never written)");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.usesLogCache()) {
            if (configuration.getMode() != CodingMode.polling && !WEBHOOK_TABLES.contains(codingTable)) {
                throw new IllegalArgumentException("coding:" + table + " has no Service Hook events; use mode=polling");
            }
            // the route reads the change log; the source's one reader (SourceReader) reads CODING
            var consumer = new dev.camelcoding.component.changelog.CodingLogConsumer(this, processor);
            consumer.setInitialDelay(0);
            consumer.setDelay(configuration.getLogReadInterval().toMillis());
            return consumer;
        }
        if (configuration.getMode() == CodingMode.polling) {
            CodingPollingConsumer consumer = new CodingPollingConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
        if (!WEBHOOK_TABLES.contains(codingTable)) {
            throw new IllegalArgumentException("coding:" + table + " has no Service Hook events; use mode=polling"
                    + " (webhook and hybrid serve issues, comments, iterations and projectMembers)");
        }
        CodingWebhookConsumer consumer = new CodingWebhookConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * With a change log, several routes may consume one endpoint URI: each reads the log with its own offset (named
     * after its route), so they do not compete for events. Without one, a second consumer would poll CODING again.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return configuration.usesLogCache();
    }

    /** Sets up the backstop poll of hybrid mode: the table's polling consumer, every backstopInterval. */
    void configureBackstop(CodingPollingConsumer backstop) throws Exception {
        configureConsumer(backstop);
        backstop.setDelay(configuration.getBackstopInterval().toMillis());
        backstop.setInitialDelay(
                Math.min(getInitialDelay(), configuration.getBackstopInterval().toMillis()));
    }

    // ---- webhook ----

    /** The tables CODING sends Service Hook events for. */
    static final java.util.Set<CodingTable> WEBHOOK_TABLES = java.util.EnumSet.of(
            CodingTable.ISSUES, CodingTable.COMMENTS, CodingTable.ITERATIONS, CodingTable.PROJECT_MEMBERS);

    WebhookListeners.Settings webhookSettings() {
        String path = configuration.getWebhookPath();
        if (webhookConfiguration != null && webhookConfiguration.getWebhookPath() != null) {
            path = webhookConfiguration.getWebhookPath();
        }
        return new WebhookListeners.Settings(
                configuration.getWebhookServer(),
                configuration.getWebhookHost(),
                configuration.getWebhookPort(),
                path,
                configuration.getWebhookSecret(),
                configuration.getWebhookMaxBodySize(),
                configuration.getWebhookAnswerTimeout());
    }

    /** The delivery-id repository: the configured bean, or a file under dataDirectory named after the path. */
    IdempotentRepository deliveryRepository() {
        if (configuration.getDeliveryRepository() != null) {
            return configuration.getDeliveryRepository();
        }
        String name = "coding-deliveries-"
                + Integer.toHexString(webhookSettings().key().hashCode()) + ".dat";
        return new DeliveryLog(
                java.nio.file.Path.of(configuration.getDataDirectory(), name), configuration.getDeliveryTtl());
    }

    /**
     * The issues listing this endpoint's issues or comments poller shares with the other table of the same source
     * and filters (see IssueFeed); null for the other tables.
     */
    public dev.camelcoding.component.polling.IssueFeed issueFeed() {
        if (codingTable != CodingTable.ISSUES && codingTable != CodingTable.COMMENTS) {
            return null;
        }
        return getComponent()
                .issueFeeds()
                .feed(
                        configuration.getTeamName(),
                        configuration.getProjectName(),
                        configuration.getIssueType(),
                        configuration.getIterationCodes());
    }

    /** In hybrid mode, what the webhook delivered, for the backstop poll to skip; null otherwise. */
    public CrossPathLedger crossPathLedger() {
        return crossPathLedger;
    }

    /**
     * For {@code webhook:coding:...}: a handler for the camel-webhook component's HTTP consumer, which hands events
     * of this endpoint's table to {@code next}.
     */
    @Override
    public Processor createWebhookHandler(Processor next) {
        if (configuration.usesLogCache()) {
            throw new IllegalArgumentException("webhook:coding:" + table + " cannot use logCache: camel-webhook hands"
                    + " deliveries straight to its route. Use from(\"coding:" + table
                    + "?mode=webhook&logCache=...\")");
        }
        if (configuration.getDeliveryRepository() == null && handlerDeliveries == null) {
            handlerDeliveries = (DeliveryLog) deliveryRepository();
            ServiceHelper.startService(handlerDeliveries);
        }
        IdempotentRepository deliveries = configuration.getDeliveryRepository() != null
                ? configuration.getDeliveryRepository()
                : handlerDeliveries;
        WebhookListeners.Settings settings = webhookSettings();
        // camel-webhook's consumer owns the path here (it may add a context path): no exact-path check
        WebhookRequestHandler handler = new WebhookRequestHandler(
                settings.path(),
                settings.secret(),
                settings.maxBodySize(),
                deliveries,
                settings.answerTimeout(),
                false);
        // the same target as on the component's own listener: one behaviour whichever server receives deliveries
        CodingWebhookConsumer target = new CodingWebhookConsumer(this, next, false);
        webhookTargets.add(target);
        if (isStarted()) {
            ServiceHelper.startService(target);
        } // else doStart starts it, once the clients it refetches with exist
        handler.register(target);
        webhookHandlers.add(handler);
        return handler;
    }

    /** CODING's Service Hooks are created in CODING (Project settings > Developer options > Service Hook). */
    @Override
    public void registerWebhook() throws Exception {
        LOG.info(
                "Register the Service Hook in CODING: Project settings > Developer options > Service Hook, URL {},"
                        + " token = webhookSecret; coding-sync webhook-url prints the steps",
                webhookConfiguration == null
                        ? SecretPath.mask(webhookSettings().path())
                        : SecretPath.mask(webhookConfiguration.computeFullExternalUrl()));
    }

    @Override
    public void unregisterWebhook() {
        // nothing to undo: the hook lives in CODING and is removed there
    }

    @Override
    public void setWebhookConfiguration(WebhookConfiguration webhookConfiguration) {
        this.webhookConfiguration = webhookConfiguration;
    }

    @Override
    public List<String> getWebhookMethods() {
        return List.of("POST");
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        validate();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // the component's API call counters when the context has a Micrometer registry (else they observe nothing)
        CodingClientOptions options = configuration.clientOptions().toBuilder()
                .callObserver(getComponent().apiCallObserver())
                .build();
        credentials = options.credentials();
        // the credential's limiter is the component's, shared by its endpoints; a CodingOpenApi bean in the registry
        // (a test's stub) stands in for HTTP, as camel-jira's client factory does
        client = new CodingApiClient(
                options,
                new com.fasterxml.jackson.databind.ObjectMapper(),
                getComponent().rateLimiters(),
                org.apache.camel.support.CamelContextHelper.findSingleByType(
                        getCamelContext(), dev.camelcoding.client.CodingOpenApi.class));
        crossPathLedger = configuration.getMode() == CodingMode.hybrid ? new CrossPathLedger() : null;
        ServiceHelper.startService(webhookTargets);
        String host = options.apiUrl().getHost();
        int sources = getComponent().rateLimiters().registerUser(credentials, host, sourceId());
        if (sources > 1) {
            LOG.warn(
                    "The same CODING credential now feeds {} different sources in this CamelContext (latest: {}). CODING limits"
                            + " calls per credential: they share one budget of {} calls/s, and CODING advises one credential"
                            + " per source. Give each source its own token to avoid throttling.",
                    sources,
                    sourceId(),
                    getComponent().rateLimiters().rateFor(credentials, host));
        }
    }

    @Override
    protected void doStop() throws Exception {
        stateStore = null;
        webhookHandlers.forEach(WebhookRequestHandler::close);
        ServiceHelper.stopService(webhookTargets);
        webhookTargets.clear();
        webhookHandlers.clear();
        if (handlerDeliveries != null) {
            ServiceHelper.stopService(handlerDeliveries);
            handlerDeliveries = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
        if (credentials != null) {
            getComponent()
                    .rateLimiters()
                    .unregisterUser(
                            credentials, configuration.clientOptions().apiUrl().getHost(), sourceId());
        }
        super.doStop();
    }

    private void validate() {
        configuration.credentials(); // explains what is missing
        if (codingTable.isProjectScoped()
                && (configuration.getProjectName() == null
                        || configuration.getProjectName().isBlank())) {
            throw new IllegalArgumentException("coding:" + table + " needs 'projectName': the project's URL name"
                    + " (https://<team>.coding.net/p/<projectName>)");
        }
        if (configuration.getBatchSize() < 1) {
            throw new IllegalArgumentException(
                    "batchSize must be 1 or more (1 = one event per exchange), got " + configuration.getBatchSize());
        }
        if (configuration.getPageSize() < 1 || configuration.getPageSize() > IssueQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException(
                    "pageSize must be 1 to 500 (CODING's maximum), got " + configuration.getPageSize());
        }
        if (!IssueQuery.ISSUE_TYPES.contains(configuration.getIssueType())) {
            throw new IllegalArgumentException(
                    "issueType must be one of " + IssueQuery.ISSUE_TYPES + ", got " + configuration.getIssueType());
        }
        StartPosition.parse(configuration.getStartFrom());
        PollContext.parseIterationCodes(configuration.getIterationCodes());
        if (configuration.getLookback() == null || configuration.getLookback().isNegative()) {
            throw new IllegalArgumentException("lookback must be zero or positive, got " + configuration.getLookback());
        }
        if (configuration.getReconcileInterval() == null
                || configuration.getReconcileInterval().isNegative()) {
            throw new IllegalArgumentException(
                    "reconcileInterval must be zero (off) or positive, got " + configuration.getReconcileInterval());
        }
        if (configuration.getCommentCallsPerPoll() < 0) {
            throw new IllegalArgumentException("commentCallsPerPoll must be 0 (derived from rateLimit) or more, got "
                    + configuration.getCommentCallsPerPoll());
        }
        if (!(configuration.getCommentRescanShare() >= 0 && configuration.getCommentRescanShare() <= 1)) {
            throw new IllegalArgumentException("commentRescanShare must be 0 to 1 (e.g. 0.2 for 20 %), got "
                    + configuration.getCommentRescanShare());
        }
        if (configuration.getCommentMaxStaleness() == null
                || configuration.getCommentMaxStaleness().toMinutes() < 1) {
            throw new IllegalArgumentException(
                    "commentMaxStaleness must be 1m or more, got " + configuration.getCommentMaxStaleness());
        }
        if (configuration.getMode() != CodingMode.polling) {
            validateWebhook();
        }
        configuration.clientOptions(); // validates apiUrl, rate limit and timeouts
        if (configuration.usesLogCache()) {
            validateLogCache();
        }
    }

    private void validateLogCache() {
        String spec = configuration.getLogCache().trim();
        if (!"embedded".equals(spec) && !(spec.startsWith("#") && spec.length() > 1)) {
            throw new IllegalArgumentException(
                    "logCache must be none, embedded or #bean (a DataSource in the" + " registry), got '" + spec + "'");
        }
        if (configuration.getTeamName() == null || configuration.getTeamName().isBlank()) {
            throw new IllegalArgumentException(
                    "logCache needs 'teamName': the log is kept per team, project and table");
        }
        parseLogStart(configuration.getLogStartFrom());
        if (configuration.getLogRetention() == null
                || configuration.getLogRetention().isNegative()
                || configuration.getLogRetention().isZero()) {
            throw new IllegalArgumentException("logRetention must be positive, got " + configuration.getLogRetention());
        }
        if (configuration.getLogReadInterval() == null
                || configuration.getLogReadInterval().isNegative()
                || configuration.getLogReadInterval().isZero()) {
            throw new IllegalArgumentException(
                    "logReadInterval must be positive, got " + configuration.getLogReadInterval());
        }
    }

    private void validateWebhook() {
        String secret = configuration.getWebhookSecret();
        if ((secret == null || secret.isEmpty()) && !configuration.isWebhookAllowUnsigned()) {
            throw new IllegalArgumentException(
                    "mode=" + configuration.getMode() + " needs 'webhookSecret', the token set"
                            + " in CODING's Service Hook (coding-sync webhook-url generates one), or webhookAllowUnsigned=true");
        }
        if (secret != null && secret.isEmpty()) {
            configuration.setWebhookSecret(null);
        }
        String server = configuration.getWebhookServer();
        if (!"jetty".equals(server) && !"platform-http".equals(server)) {
            throw new IllegalArgumentException("webhookServer must be jetty or platform-http, got " + server);
        }
        if (configuration.getWebhookPath() == null
                || !configuration.getWebhookPath().startsWith("/")) {
            throw new IllegalArgumentException(
                    "webhookPath must start with '/', got " + configuration.getWebhookPath());
        }
        if (configuration.getWebhookPort() < 0 || configuration.getWebhookPort() > 65535) {
            throw new IllegalArgumentException("webhookPort must be 0 to 65535, got " + configuration.getWebhookPort());
        }
        if (configuration.getWebhookMaxBodySize() < 1) {
            throw new IllegalArgumentException("webhookMaxBodySize must be positive");
        }
        if (configuration.getWebhookAnswerTimeout() == null
                || configuration.getWebhookAnswerTimeout().isNegative()
                || configuration.getWebhookAnswerTimeout().isZero()) {
            throw new IllegalArgumentException("webhookAnswerTimeout must be positive (CODING waits 5 s; default 4s),"
                    + " got " + configuration.getWebhookAnswerTimeout());
        }
        if (configuration.getDeliveryTtl() == null
                || configuration.getDeliveryTtl().isNegative()
                || configuration.getDeliveryTtl().isZero()) {
            throw new IllegalArgumentException("deliveryTtl must be positive, got " + configuration.getDeliveryTtl());
        }
        if (configuration.getBackstopInterval() == null
                || configuration.getBackstopInterval().isNegative()
                || configuration.getBackstopInterval().isZero()) {
            throw new IllegalArgumentException(
                    "backstopInterval must be positive, got " + configuration.getBackstopInterval());
        }
    }

    /**
     * For coding:issues: the custom field definitions its rows are typed with (discovered on the first row with
     * custom fields); null for the other tables.
     */
    public synchronized dev.camelcoding.component.schema.CustomFieldDefinitions customFieldDefinitions() {
        if (codingTable != CodingTable.ISSUES) {
            return null;
        }
        if (customFieldDefinitions == null) {
            customFieldDefinitions = new dev.camelcoding.component.schema.CustomFieldDefinitions(
                    () -> new dev.camelcoding.component.schema.SchemaDiscovery(
                                    client(),
                                    configuration.getTeamName(),
                                    configuration.getProjectName(),
                                    java.time.Instant::now)
                            .discover(),
                    () -> getComponent().publishedCatalog(configuration.getProjectName()),
                    System::currentTimeMillis,
                    java.time.Duration.ofMinutes(1));
        }
        return customFieldDefinitions;
    }

    /** This endpoint's state, under its key prefix. */
    public synchronized StateStore stateStore() {
        if (stateStore == null) {
            stateStore = new StateStore(stateRepository(), stateKeyPrefix(), new ObjectMapper());
        }
        return stateStore;
    }

    /**
     * Makes this endpoint (a source's reader) report into {@code routeEndpoint}'s health: the route's endpoint is the
     * one readiness checks and the application look at, and a credential CODING refuses is the route's problem.
     */
    public void reportHealthTo(CodingEndpoint routeEndpoint) {
        this.health = routeEndpoint.health();
    }

    /** A source's reader endpoint: where its changes go, straight into the change log (null otherwise). */
    private dev.camelcoding.component.changelog.ReaderLog readerLog;

    public void setReaderLog(dev.camelcoding.component.changelog.ReaderLog readerLog) {
        this.readerLog = readerLog;
    }

    /** The change log this endpoint's consumers append to directly, when it is a source's reader; else null. */
    dev.camelcoding.component.changelog.ReaderLog readerLog() {
        return readerLog;
    }

    /** Gates this endpoint's polls (see {@link #readAllowed()}). */
    public void setReadGate(java.util.function.BooleanSupplier readGate) {
        this.readGate = readGate;
    }

    /** Whether a poll may call CODING now. */
    boolean readAllowed() {
        return readGate.getAsBoolean();
    }

    /**
     * The change log source of this endpoint: team, project and table. Team-level tables (projects) have no project;
     * their source is named with project "-", which no CODING project URL name can be.
     */
    public dev.camelcoding.component.changelog.SourceId logSource() {
        String project = codingTable.isProjectScoped() ? configuration.getProjectName() : "-";
        return new dev.camelcoding.component.changelog.SourceId(configuration.getTeamName(), project, table);
    }

    /** {@code logStartFrom}: oldest, now or an ISO-8601 instant. */
    public static dev.camelcoding.component.changelog.StartFrom parseLogStart(String text) {
        String value = text == null ? "oldest" : text.trim();
        if ("oldest".equals(value)) {
            return dev.camelcoding.component.changelog.StartFrom.oldest();
        }
        if ("now".equals(value)) {
            return dev.camelcoding.component.changelog.StartFrom.now();
        }
        try {
            return dev.camelcoding.component.changelog.StartFrom.at(java.time.Instant.parse(value));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("logStartFrom must be oldest, now or an ISO-8601 instant such as"
                    + " 2024-05-01T00:00:00Z, got '" + text + "'");
        }
    }

    /** One source = one team and project: what CODING's "one credential per data source" advice counts. */
    private String sourceId() {
        return configuration.getTeamName() + "/" + configuration.getProjectName();
    }

    /** The state key prefix of this endpoint: team, project, table and the filters that shape its stream. */
    public String stateKeyPrefix() {
        return stateKeyPrefix(
                codingTable,
                configuration.getTeamName(),
                configuration.getProjectName(),
                configuration.getIssueType(),
                configuration.getIterationCodes());
    }

    /**
     * The state key prefix of an endpoint with these options, as {@link #stateKeyPrefix()} computes it: what a
     * reader of the state ({@code CodingStatusReader}) needs to find a table's entries without a running endpoint.
     */
    public static String stateKeyPrefix(
            CodingTable codingTable, String teamName, String projectName, String issueType, String iterationCodes) {
        StringBuilder key = new StringBuilder("coding:")
                .append(teamName == null ? "-" : teamName)
                .append('/');
        if (codingTable.isProjectScoped()) {
            key.append(projectName).append('/');
        }
        key.append(codingTable.uriName());
        if (codingTable == CodingTable.ISSUES || codingTable == CodingTable.COMMENTS) {
            key.append('[').append(issueType);
            if (iterationCodes != null && !iterationCodes.isBlank()) {
                key.append(";iterations=").append(iterationCodes.replace(" ", ""));
            }
            key.append(']');
        }
        if (codingTable == CodingTable.ISSUE_FIELDS || codingTable == CodingTable.ISSUE_STATUSES) {
            key.append('[').append(issueType).append(']');
        }
        return key.toString();
    }

    /**
     * This endpoint's sync status as its state store holds it (what was committed: the same records, with the same
     * durability, as the cursors), for a running application's progress; {@code coding-sync status} reads the same.
     */
    public dev.camelcoding.component.status.TableStatus status() {
        return new dev.camelcoding.component.status.CodingStatusReader(stateRepository())
                .read(codingTable, stateKeyPrefix());
    }

    /** The repository of this endpoint's cursor: the configured one, or the component's file repository. */
    StateRepository<String, String> stateRepository() {
        StateRepository<String, String> configured = configuration.getCursorRepository();
        return configured != null ? configured : getComponent().fileStateRepository(configuration.getDataDirectory());
    }

    public CodingApiClient client() {
        return client;
    }

    public CodingHealth health() {
        return health;
    }

    public CodingTable getTable() {
        return codingTable;
    }

    public CodingConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(CodingConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public String getServiceUrl() {
        return configuration.effectiveApiUrl();
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }
}
