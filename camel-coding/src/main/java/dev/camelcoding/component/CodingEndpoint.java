package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.component.changelog.ReaderLog;
import dev.camelcoding.component.changelog.SourceId;
import dev.camelcoding.component.polling.CrossPathLedger;
import dev.camelcoding.component.polling.IssueFeed;
import dev.camelcoding.component.polling.StateStore;
import dev.camelcoding.component.schema.CustomFieldDefinitions;
import dev.camelcoding.component.status.TableStatus;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.webhook.WebhookListeners;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
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
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * Streams one table of a Tencent Cloud CODING DevOps project as JSON change events (Debezium-like: op, key, before,
 * after, source), by polling CODING's Open API or by receiving its Service Hooks.
 *
 * <p>The endpoint holds the options and what its consumers share (the API client, the state, the webhook side);
 * its options are checked by {@link CodingConfiguration#validate}, and its consumer is made by the strategy for the
 * options ({@link CodingConsumerFactory}: change log, polling or webhook).
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
        implements EndpointServiceLocation, WebhookCapableEndpoint, MultipleConsumersSupport {

    @UriPath(
            enums = "issues,iterations,projectMembers,comments,projects,issueTypes,issueFields,issueStatuses",
            description = "The table to stream.")
    @Metadata(required = true)
    private String table;

    @UriParam
    private CodingConfiguration configuration;
    /** Our poll interval in the metadata, not ScheduledPollEndpoint's 500 ms; its value lives there (mail, slack). */
    @UriParam(
            label = "consumer,scheduler",
            defaultValue = "" + CodingComponent.DEFAULT_DELAY_MS,
            description = "Milliseconds before the next poll (CODING is polled every minute unless told otherwise).")
    @SuppressWarnings("unused")
    private long delay = CodingComponent.DEFAULT_DELAY_MS;

    private CodingTable codingTable;
    private EndpointClient client;
    /** Not final: a change log reader reports into the health of the route endpoint it reads for. */
    private CodingHealth health = new CodingHealth();

    private CrossPathLedger crossPathLedger;
    /** A source's reader endpoint: where its changes go, straight into the change log (null otherwise). */
    private ReaderLog readerLog;

    private CustomFieldDefinitions customFieldDefinitions;
    private final EndpointState state = new EndpointState(this);
    private final EndpointWebhooks webhooks = new EndpointWebhooks(this);
    /**
     * Whether this endpoint may call CODING now: a change log reader only while it holds its source's lease (a
     * follower's poll would spend the credential's budget on changes it may not append).
     */
    private volatile BooleanSupplier readGate = () -> true;

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
        return CodingConsumerFactory.of(configuration).create(this, processor);
    }

    /**
     * With a change log, several routes may consume one URI, each with its own log offset; without, each polls CODING.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return configuration.usesLogCache();
    }

    /**
     * The endpoint's scheduler options, and the component's shared poll executor unless the endpoint names its own:
     * Camel would otherwise make each polling consumer a thread of its own, one per project and table.
     */
    void configureScheduled(Consumer consumer) throws Exception {
        configureConsumer(consumer);
        if (consumer instanceof ScheduledPollConsumer scheduled && scheduled.getScheduledExecutorService() == null) {
            scheduled.setScheduledExecutorService(getComponent().pollExecutor());
        }
    }

    WebhookListeners.Settings webhookSettings() {
        return webhooks.settings();
    }

    IdempotentRepository deliveryRepository() {
        return webhooks.deliveryRepository();
    }

    /** For {@code webhook:coding:...}: a handler for camel-webhook's HTTP consumer, handing events to {@code next}. */
    @Override
    public Processor createWebhookHandler(Processor next) {
        return webhooks.createHandler(next);
    }

    @Override
    public void registerWebhook() throws Exception {
        webhooks.logRegistration();
    }

    @Override
    public void unregisterWebhook() {
        // nothing to undo: the hook lives in CODING and is removed there
    }

    @Override
    public void setWebhookConfiguration(WebhookConfiguration webhookConfiguration) {
        webhooks.setConfiguration(webhookConfiguration);
    }

    @Override
    public List<String> getWebhookMethods() {
        return List.of("POST");
    }

    /** The issues listing the issues and comments pollers of one source share (IssueFeed); null for other tables. */
    public IssueFeed issueFeed() {
        return codingTable == CodingTable.ISSUES || codingTable == CodingTable.COMMENTS
                ? getComponent().issueFeed(configuration)
                : null;
    }

    /** In hybrid mode, what the webhook delivered, for the backstop poll to skip; null otherwise. */
    public CrossPathLedger crossPathLedger() {
        return crossPathLedger;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        configuration.validate(codingTable);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        client = EndpointClient.open(this);
        crossPathLedger = configuration.getMode() == CodingMode.hybrid ? new CrossPathLedger() : null;
        webhooks.start();
    }

    @Override
    protected void doStop() throws Exception {
        state.reset();
        webhooks.stop();
        if (client != null) {
            client.close();
            client = null;
        }
        super.doStop();
    }

    /** For coding:issues: the custom field definitions its rows are typed with; null for the other tables. */
    public synchronized CustomFieldDefinitions customFieldDefinitions() {
        if (codingTable == CodingTable.ISSUES && customFieldDefinitions == null) {
            customFieldDefinitions = IssueCustomFields.definitions(this);
        }
        return customFieldDefinitions;
    }

    /** This endpoint's state, under its key prefix. */
    public StateStore stateStore() {
        return state.store();
    }

    /**
     * Makes this endpoint's readers keep what they remember per issue in {@code store}'s tables, a range at a time,
     * rather than in their state (a source's reader, whose log has a store). Before the state is first used.
     */
    public void rememberPerIssueIn(CodingStore store) {
        state.rememberPerIssueIn(store);
    }

    /**
     * Makes this endpoint (a source's reader) report into {@code routeEndpoint}'s health: the route's endpoint is the
     * one readiness checks and the application look at, and a credential CODING refuses is the route's problem.
     */
    public void reportHealthTo(CodingEndpoint routeEndpoint) {
        this.health = routeEndpoint.health();
    }

    public void setReaderLog(ReaderLog readerLog) {
        this.readerLog = readerLog;
    }

    /** The change log this endpoint's consumers append to directly, when it is a source's reader; else null. */
    ReaderLog readerLog() {
        return readerLog;
    }

    /** Gates this endpoint's polls (see {@link #readAllowed()}). */
    public void setReadGate(BooleanSupplier readGate) {
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
    public SourceId logSource() {
        String project = codingTable.isProjectScoped() ? configuration.getProjectName() : "-";
        return new SourceId(configuration.getTeamName(), project, table);
    }

    /** The state key prefix of this endpoint: team, project, table and the filters that shape its stream. */
    public String stateKeyPrefix() {
        return state.keyPrefix();
    }

    /** This endpoint's sync status as its state holds it, for a running application's progress. */
    public TableStatus status() {
        return state.status();
    }

    StateRepository<String, String> stateRepository() {
        return state.repository();
    }

    public CodingApiClient client() {
        EndpointClient open = client;
        return open == null ? null : open.client();
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
