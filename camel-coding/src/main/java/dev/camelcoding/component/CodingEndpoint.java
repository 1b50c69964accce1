package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.IssueQuery;
import dev.camelcoding.client.SharedRateLimiters;
import dev.camelcoding.component.polling.PollContext;
import dev.camelcoding.component.polling.StartPosition;
import java.time.Instant;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one table of a Tencent Cloud CODING DevOps project as JSON change events (Debezium-like: op, key, before,
 * after, source), by polling CODING's Open API or by receiving its Service Hooks.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "coding", title = "CODING DevOps", syntax = "coding:table",
             consumerOnly = true, category = {Category.API, Category.SAAS}, headersClass = CodingConstants.class)
public class CodingEndpoint extends ScheduledPollEndpoint implements EndpointServiceLocation {

    private static final Logger LOG = LoggerFactory.getLogger(CodingEndpoint.class);

    @UriPath(enums = "issues,iterations,projectMembers,comments,projects,issueTypes,issueFields,issueStatuses",
             description = "The table to stream.")
    @Metadata(required = true)
    private String table;
    @UriParam
    private CodingConfiguration configuration;

    private CodingTable codingTable;
    private CodingApiClient client;
    private CodingCredentials credentials;
    private final CodingHealth health = new CodingHealth();

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
        if (configuration.getMode() != CodingMode.polling) {
            throw new IllegalArgumentException("mode=" + configuration.getMode() + " is not available in this version of"
                    + " camel-coding; use mode=polling");
        }
        CodingPollingConsumer consumer = new CodingPollingConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        validate();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CodingClientOptions options = configuration.clientOptions();
        credentials = options.credentials();
        client = new CodingApiClient(options);
        String host = options.apiUrl().getHost();
        int sources = SharedRateLimiters.registerUser(credentials, host, sourceId());
        if (sources > 1) {
            LOG.warn("The same CODING credential now feeds {} different sources in this JVM (latest: {}). CODING limits"
                    + " calls per credential: they share one budget of {} calls/s, and CODING advises one credential"
                    + " per source. Give each source its own token to avoid throttling.", sources, sourceId(),
                    SharedRateLimiters.rateFor(credentials, host));
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        if (credentials != null) {
            SharedRateLimiters.unregisterUser(credentials, configuration.clientOptions().apiUrl().getHost(), sourceId());
        }
        super.doStop();
    }

    private void validate() {
        configuration.credentials(); // explains what is missing
        if (codingTable.isProjectScoped() && (configuration.getProjectName() == null
                || configuration.getProjectName().isBlank())) {
            throw new IllegalArgumentException("coding:" + table + " needs 'projectName': the project's URL name"
                    + " (https://<team>.coding.net/p/<projectName>)");
        }
        if (configuration.getPageSize() < 1 || configuration.getPageSize() > IssueQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to 500 (CODING's maximum), got "
                    + configuration.getPageSize());
        }
        if (!IssueQuery.ISSUE_TYPES.contains(configuration.getIssueType())) {
            throw new IllegalArgumentException("issueType must be one of " + IssueQuery.ISSUE_TYPES + ", got "
                    + configuration.getIssueType());
        }
        StartPosition.parse(configuration.getStartFrom(), Instant.now());
        PollContext.parseIterationCodes(configuration.getIterationCodes());
        if (configuration.getLookback() == null || configuration.getLookback().isNegative()) {
            throw new IllegalArgumentException("lookback must be zero or positive, got " + configuration.getLookback());
        }
        if (configuration.getReconcileInterval() == null || configuration.getReconcileInterval().isNegative()) {
            throw new IllegalArgumentException("reconcileInterval must be zero (off) or positive, got "
                    + configuration.getReconcileInterval());
        }
        if (configuration.getCommentRescanBatch() < 0 || configuration.getCommentRescanBatch() > IssueQuery.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("commentRescanBatch must be 0 to 500, got "
                    + configuration.getCommentRescanBatch());
        }
        configuration.clientOptions(); // validates apiUrl, rate limit and timeouts
    }

    /** One source = one team and project: what CODING's "one credential per data source" advice counts. */
    private String sourceId() {
        return configuration.getTeamName() + "/" + configuration.getProjectName();
    }

    /** The state key prefix of this endpoint: team, project, table and the filters that shape its stream. */
    public String stateKeyPrefix() {
        StringBuilder key = new StringBuilder("coding:").append(configuration.getTeamName() == null ? "-"
                : configuration.getTeamName()).append('/');
        if (codingTable.isProjectScoped()) {
            key.append(configuration.getProjectName()).append('/');
        }
        key.append(table);
        if (codingTable == CodingTable.ISSUES || codingTable == CodingTable.COMMENTS) {
            key.append('[').append(configuration.getIssueType());
            if (configuration.getIterationCodes() != null && !configuration.getIterationCodes().isBlank()) {
                key.append(";iterations=").append(configuration.getIterationCodes().replace(" ", ""));
            }
            key.append(']');
        }
        if (codingTable == CodingTable.ISSUE_FIELDS || codingTable == CodingTable.ISSUE_STATUSES) {
            key.append('[').append(configuration.getIssueType()).append(']');
        }
        return key.toString();
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
