package dev.camelcoding.component;

import dev.camelcoding.client.ApiCallObserver;
import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.camelcoding.component.state.DurableFileStateRepository;
import dev.camelcoding.component.webhook.WebhookListeners;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.EventNotifier;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;

/** The {@code coding:} component: Tencent Cloud CODING DevOps tables as streams of change events. */
@Component("coding")
public class CodingComponent extends HealthCheckComponent {

    /** Polling CODING every half second (Camel's default) would waste its rate budget: poll every minute. */
    static final long DEFAULT_DELAY_MS = 60_000;
    /** A class of camel-micrometer: the metrics are bound only when it is on the class path. */
    private static final String MICROMETER = "org.apache.camel.component.micrometer.MicrometerConstants";

    @Metadata(label = "advanced", description = "Options shared by every coding: endpoint (credentials, team...).")
    private CodingConfiguration configuration = new CodingConfiguration();

    private final Map<String, DurableFileStateRepository> fileRepositories = new ConcurrentHashMap<>();
    private final WebhookListeners webhookListeners = new WebhookListeners();
    /** Counts every endpoint's API calls in the context's MeterRegistry, when it has one (see doStart). */
    private volatile ApiCallObserver apiCallObserver = ApiCallObserver.NONE;
    /** The metrics' event notifier, removed again on stop (a restarted component adds a new one). */
    private EventNotifier eventCounter;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CodingTable table = CodingTable.fromUri(remaining);
        CodingEndpoint endpoint = new CodingEndpoint(uri, this, table, configuration.copy());
        endpoint.setDelay(DEFAULT_DELAY_MS);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * The default cursor repository: one file per data directory, shared by every endpoint that uses it (several
     * repositories over one file would overwrite each other's entries when they compact it). Each cursor is forced
     * to disk before it counts as saved, in a 0600 file of a 0700 directory.
     */
    StateRepository<String, String> fileStateRepository(String dataDirectory) {
        File file = new File(dataDirectory, "coding-state.dat").getAbsoluteFile();
        return fileRepositories.computeIfAbsent(file.getPath(), path -> {
            DurableFileStateRepository repository = new DurableFileStateRepository(file.toPath());
            ServiceHelper.startService(repository);
            return repository;
        });
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Checked by name first: CodingMicrometer names Micrometer's types, so it is loaded only when they exist.
        if (getCamelContext().getClassResolver().resolveClass(MICROMETER) != null) {
            var binding = dev.camelcoding.component.metrics.CodingMicrometer.bind(getCamelContext());
            if (binding.isPresent()) {
                apiCallObserver = binding.get().apiCalls();
                eventCounter = binding.get().events();
            }
        }
    }

    /** The observer of the endpoints' API calls: the metrics' counters, or nothing without a MeterRegistry. */
    ApiCallObserver apiCallObserver() {
        return apiCallObserver;
    }

    @Override
    protected void doStop() throws Exception {
        if (eventCounter != null) {
            getCamelContext().getManagementStrategy().removeEventNotifier(eventCounter);
            ServiceHelper.stopService(eventCounter);
            eventCounter = null;
            apiCallObserver = ApiCallObserver.NONE;
        }
        ServiceHelper.stopService(fileRepositories.values());
        fileRepositories.clear();
        super.doStop();
    }

    /** The HTTP listeners of this component's webhook endpoints, shared by path. */
    WebhookListeners webhookListeners() {
        return webhookListeners;
    }

    public CodingConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(CodingConfiguration configuration) {
        this.configuration = configuration;
    }
}
