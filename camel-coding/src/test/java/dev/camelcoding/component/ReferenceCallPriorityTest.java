package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.client.CallPriority;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Which priority each route's calls wait at: the reference tables and the schema catalog behind every project's data
 * (a team's start would otherwise spend its first minutes on 22 schema and reference calls a project before any
 * backfill page), the data tables at the configured priority.
 */
class ReferenceCallPriorityTest {

    @Test
    void referenceTablesWaitAtReferencePriorityAndDataTablesAtTheConfiguredOne() {
        for (CodingTable table : CodingTable.values()) {
            CallPriority priority = table.callPriority(CallPriority.POLL);
            boolean reference = table == CodingTable.PROJECTS
                    || table == CodingTable.ISSUE_TYPES
                    || table == CodingTable.ISSUE_STATUSES
                    || table == CodingTable.ISSUE_FIELDS;
            assertThat(priority).as(table.uriName()).isEqualTo(reference ? CallPriority.REFERENCE : CallPriority.POLL);
        }
    }

    @Test
    void theSchemaCatalogReadsAtReferencePriorityAsItsProjectsSource() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            CodingComponent coding = new CodingComponent();
            context.addComponent("coding", coding);
            context.start();
            CodingSchemaEndpoint endpoint = context.getEndpoint(
                    "coding:schema?teamName=acme&projectName=mobile&token=t0ken&schemaRefresh=false",
                    CodingSchemaEndpoint.class);
            var options = endpoint.schemaClientOptions();
            assertThat(options.callPriority()).isEqualTo(CallPriority.REFERENCE);
            assertThat(options.budgetSource())
                    .as("the schema takes its turns as its project, not as one unnamed source for the whole team")
                    .isEqualTo("acme/mobile");
        }
    }
}
