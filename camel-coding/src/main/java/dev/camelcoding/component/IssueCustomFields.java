package dev.camelcoding.component;

import dev.camelcoding.component.schema.CustomFieldDefinitions;
import dev.camelcoding.component.schema.ReferenceReads;
import dev.camelcoding.component.schema.SchemaDiscovery;
import java.time.Duration;
import java.time.Instant;

/** The custom field definitions coding:issues rows are typed with: discovered from CODING, or the published catalog. */
final class IssueCustomFields {

    /** The least time between two discoveries (a row with a field the definitions do not know asks again). */
    private static final Duration REDISCOVER_AFTER = Duration.ofMinutes(1);

    private IssueCustomFields() {}

    static CustomFieldDefinitions definitions(CodingEndpoint endpoint) {
        CodingConfiguration configuration = endpoint.getConfiguration();
        // through the component's answers: the schema or the reference tables may have read these within the minute
        // (the least time between two discoveries here, so no older than this reader would hold them anyway)
        ReferenceReads reads = new ReferenceReads(
                endpoint.client(),
                configuration.getTeamName(),
                configuration.getProjectName(),
                endpoint.getComponent().referenceAnswers(),
                REDISCOVER_AFTER);
        return new CustomFieldDefinitions(
                () -> new SchemaDiscovery(
                                reads, configuration.getTeamName(), configuration.getProjectName(), Instant::now)
                        .discover(),
                () -> endpoint.getComponent().publishedCatalog(configuration.getProjectName()),
                System::currentTimeMillis,
                REDISCOVER_AFTER);
    }
}
