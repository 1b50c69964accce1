package dev.camelcoding.component;

import dev.camelcoding.component.schema.CustomFieldDefinitions;
import dev.camelcoding.component.schema.SchemaDiscovery;
import java.time.Duration;
import java.time.Instant;

/** The custom field definitions coding:issues rows are typed with: discovered from CODING, or the published catalog. */
final class IssueCustomFields {

    private IssueCustomFields() {}

    static CustomFieldDefinitions definitions(CodingEndpoint endpoint) {
        CodingConfiguration configuration = endpoint.getConfiguration();
        return new CustomFieldDefinitions(
                () -> new SchemaDiscovery(
                                endpoint.client(),
                                configuration.getTeamName(),
                                configuration.getProjectName(),
                                Instant::now)
                        .discover(),
                () -> endpoint.getComponent().publishedCatalog(configuration.getProjectName()),
                System::currentTimeMillis,
                Duration.ofMinutes(1));
    }
}
