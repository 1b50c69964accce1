package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingOpenApi;
import org.apache.camel.support.CamelContextHelper;

/**
 * The CODING API client of one started endpoint: its calls wait at the credential's limiter and go through the
 * credential's HTTP client, both the component's and shared by its endpoints (CODING limits calls per credential;
 * a team's projects are synced with one credential on purpose, so they share one budget and one connection pool).
 */
final class EndpointClient implements AutoCloseable {

    private final CodingApiClient client;

    private EndpointClient(CodingApiClient client) {
        this.client = client;
    }

    static EndpointClient open(CodingEndpoint endpoint) {
        CodingComponent component = endpoint.getComponent();
        CodingConfiguration configuration = endpoint.getConfiguration();
        // the component's API call counters when the context has a Micrometer registry (else they observe nothing)
        // one budget source = one team and project: what takes turns at the credential's limiter (a small project's
        // backfill interleaves with a large one's)
        String source = configuration.getTeamName() + "/" + configuration.getProjectName();
        CodingClientOptions options = configuration.clientOptions().toBuilder()
                .callObserver(component.apiCallObserver(
                        configuration.getProjectName(), endpoint.getTable().uriName()))
                .budgetSource(source)
                .callPriority(endpoint.getTable()
                        .callPriority(configuration.clientOptions().callPriority()))
                .build();
        // the credential's limiter and HTTP client are the component's, shared by its endpoints; a CodingOpenApi bean
        // in the registry (a test's stub) stands in for HTTP, as camel-jira's client factory does.
        // No warning when one credential feeds several projects: that is how a team is synced, and the shared
        // limiter (not one budget per endpoint) is what keeps them inside CODING's per-credential rate.
        return new EndpointClient(new CodingApiClient(
                options,
                component.objectMapper(),
                component.rateLimiters(),
                CamelContextHelper.findSingleByType(endpoint.getCamelContext(), CodingOpenApi.class),
                component.httpClients()));
    }

    CodingApiClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }
}
