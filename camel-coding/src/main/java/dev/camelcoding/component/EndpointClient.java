package dev.camelcoding.component;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.CodingOpenApi;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CODING API client of one started endpoint, with its credential counted in the component's rate limiters for
 * as long as it is open: CODING limits calls per credential, so endpoints of one credential share one budget.
 */
final class EndpointClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CodingEndpoint.class);

    private final RateLimitersUser user;
    private final CodingApiClient client;

    private record RateLimitersUser(
            CodingComponent component, CodingCredentials credentials, String host, String source) {}

    private EndpointClient(RateLimitersUser user, CodingApiClient client) {
        this.user = user;
        this.client = client;
    }

    static EndpointClient open(CodingEndpoint endpoint) {
        CodingComponent component = endpoint.getComponent();
        CodingConfiguration configuration = endpoint.getConfiguration();
        // the component's API call counters when the context has a Micrometer registry (else they observe nothing)
        CodingClientOptions options = configuration.clientOptions().toBuilder()
                .callObserver(component.apiCallObserver())
                .build();
        // the credential's limiter is the component's, shared by its endpoints; a CodingOpenApi bean in the registry
        // (a test's stub) stands in for HTTP, as camel-jira's client factory does
        CodingApiClient client = new CodingApiClient(
                options,
                new ObjectMapper(),
                component.rateLimiters(),
                CamelContextHelper.findSingleByType(endpoint.getCamelContext(), CodingOpenApi.class));
        // one source = one team and project: what CODING's "one credential per data source" advice counts
        String source = configuration.getTeamName() + "/" + configuration.getProjectName();
        RateLimitersUser user = new RateLimitersUser(
                component, options.credentials(), options.apiUrl().getHost(), source);
        int sources = component.rateLimiters().registerUser(user.credentials(), user.host(), source);
        // a team sync (several projects by design) shares the budget on purpose: no advice to split the credential
        if (sources > 1 && !component.isTeamSync()) {
            LOG.warn(
                    "The same CODING credential now feeds {} different sources in this CamelContext (latest: {}). CODING limits"
                            + " calls per credential: they share one budget of {} calls/s, and CODING advises one credential"
                            + " per source. Give each source its own token to avoid throttling.",
                    sources,
                    source,
                    component.rateLimiters().rateFor(user.credentials(), user.host()));
        }
        return new EndpointClient(user, client);
    }

    CodingApiClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        user.component().rateLimiters().unregisterUser(user.credentials(), user.host(), user.source());
    }
}
