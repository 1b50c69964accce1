package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.component.schema.RefreshSchedule;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code coding:schema}: the project's schema catalog, refreshed on the seed's schedule (hourly below
 * {@code modelThreshold} models, at the project's own minute and second of the hour unless {@code schemaRefreshCron}
 * is set, daily at {@code schemaRefreshTime} in {@code schemaTimeZone} from it on, or only on
 * start with {@code schemaRefresh=false}), emitted as a schema event on start and on every change. Takes the
 * connection options of every coding: endpoint (teamName, projectName, token..., dataDirectory).
 */
public class CodingSchemaEndpoint extends DefaultEndpoint {

    private final CodingConfiguration configuration;
    private boolean schemaRefresh = true;
    private String schemaRefreshTime = "02:00";
    private String schemaTimeZone = "Asia/Shanghai";
    private long modelThreshold = RefreshSchedule.DEFAULT_THRESHOLD;
    /** blank: the project's own second of the hour (HourlySlot), not a cron of ours the user would have to know */
    private String schemaRefreshCron = "";

    public CodingSchemaEndpoint(String uri, CodingComponent component, CodingConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    public CodingConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("coding:schema is a source only");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        return new CodingSchemaConsumer(this, processor);
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        configuration.credentials(); // explains what is missing
        if (configuration.getProjectName() == null
                || configuration.getProjectName().isBlank()) {
            throw new IllegalArgumentException("coding:schema needs 'projectName': the project's URL name"
                    + " (https://<team>.coding.net/p/<projectName>)");
        }
        schedule(); // validates the schedule options
    }

    /** The refresh schedule of these options. */
    public RefreshSchedule schedule() {
        return new RefreshSchedule(
                schemaRefresh,
                modelThreshold,
                RefreshSchedule.parseDailyTime(schemaRefreshTime),
                RefreshSchedule.parseZone(schemaTimeZone),
                RefreshSchedule.hourlyCron(
                        schemaRefreshCron, configuration.getTeamName(), configuration.getProjectName()));
    }

    /**
     * A client on the credential's limiter and HTTP client of the component, so schema reads count against the same
     * budget and a team's per-project schema endpoints open no connection pool each.
     */
    CodingApiClient newClient() {
        return getComponent() instanceof CodingComponent coding
                ? new CodingApiClient(
                        schemaClientOptions(), coding.objectMapper(), coding.rateLimiters(), null, coding.httpClients())
                : new CodingApiClient(configuration.clientOptions());
    }

    /** The priority of the schema's reads at the credential's limiter (see {@link #schemaClientOptions()}). */
    public static final dev.camelcoding.client.CallPriority CALL_PRIORITY =
            dev.camelcoding.client.CallPriority.REFERENCE;

    /**
     * The schema's reads are reference detail: they wait behind every project's data at the credential's limiter
     * ({@link dev.camelcoding.client.CallPriority#REFERENCE}) and take their turns as the project's.
     */
    dev.camelcoding.client.CodingClientOptions schemaClientOptions() {
        return configuration.clientOptions().toBuilder()
                .callPriority(CALL_PRIORITY)
                .budgetSource(configuration.getTeamName() + "/" + configuration.getProjectName())
                .build();
    }

    public boolean isSchemaRefresh() {
        return schemaRefresh;
    }

    /** false: the catalog is read on start only, never on a schedule. */
    public void setSchemaRefresh(boolean schemaRefresh) {
        this.schemaRefresh = schemaRefresh;
    }

    public String getSchemaRefreshTime() {
        return schemaRefreshTime;
    }

    /** The daily refresh's time of day (HH:mm), used from modelThreshold models on. */
    public void setSchemaRefreshTime(String schemaRefreshTime) {
        this.schemaRefreshTime = schemaRefreshTime;
    }

    public String getSchemaTimeZone() {
        return schemaTimeZone;
    }

    public void setSchemaTimeZone(String schemaTimeZone) {
        this.schemaTimeZone = schemaTimeZone;
    }

    public String getSchemaRefreshCron() {
        return schemaRefreshCron;
    }

    /**
     * The hourly refresh's Quartz cron (below modelThreshold models), in schemaTimeZone, used as written. Empty, the
     * default: every hour at the project's own minute and second, derived from teamName and projectName (the same in
     * every process and after every restart), so that a team's projects spread their refreshes over the hour instead
     * of all calling CODING at minute 0.
     */
    public void setSchemaRefreshCron(String schemaRefreshCron) {
        this.schemaRefreshCron = schemaRefreshCron == null ? "" : schemaRefreshCron;
    }

    public long getModelThreshold() {
        return modelThreshold;
    }

    public void setModelThreshold(long modelThreshold) {
        this.modelThreshold = modelThreshold;
    }
}
