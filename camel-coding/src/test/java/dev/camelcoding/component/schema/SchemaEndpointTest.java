package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.component.CodingSchemaConsumer;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** coding:schema: an event on start, a schema-change event once a field is added in CODING, versions kept in the store. */
class SchemaEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path data;

    private CodingSimulator sim;
    private CamelContext camel;

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private MockEndpoint start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:schema?projectName=" + sim.projectName() + "&teamName=" + sim.team() + "&apiUrl="
                                + sim.baseUrl() + "&token=" + sim.personalToken() + "&rateLimit=1000&dataDirectory="
                                + data
                                + "&schemaRefreshTime=03:30&schemaTimeZone=UTC")
                        .routeId("schema")
                        .to("mock:schema");
            }
        });
        camel.start();
        return camel.getEndpoint("mock:schema", MockEndpoint.class);
    }

    @Test
    void aFieldAddedInCodingIsASchemaChangeEventAfterTheNextRefresh() throws Exception {
        sim = CodingSimulator.builder().issues(10).start();
        MockEndpoint events = start();
        events.expectedMessageCount(1);
        events.assertIsSatisfied();
        JsonNode initial =
                MAPPER.readTree(events.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(initial.path("kind").asText()).isEqualTo("initial");
        assertThat(initial.path("version").asLong()).isEqualTo(1);

        CodingSchemaConsumer consumer =
                (CodingSchemaConsumer) camel.getRoute("schema").getConsumer();
        org.awaitility.Awaitility.await().until(consumer::started);
        consumer.refreshNow();
        assertThat(events.getExchanges()).as("nothing changed: no event").hasSize(1);

        long id = sim.addCustomField("验收日期", "TEXT_DATE", List.of(), List.of("REQUIREMENT"));
        consumer.refreshNow();
        assertThat(events.getExchanges()).hasSize(2);
        JsonNode change =
                MAPPER.readTree(events.getExchanges().get(1).getMessage().getBody(String.class));
        assertThat(change.path("kind").asText()).isEqualTo("changed");
        assertThat(change.path("version").asLong()).isEqualTo(2);
        assertThat(change.path("previous_version").asLong()).isEqualTo(1);
        assertThat(change.path("changes").toString())
                .isEqualTo("[{\"table\":\"issues\",\"field\":\"custom." + id
                        + "\",\"change\":\"added\",\"from\":null,\"to\":\"TEXT_DATE\"}]");
        assertThat(events.getExchanges().get(1).getMessage().getHeader("CamelCodingSchemaVersion"))
                .isEqualTo(2L);

        // a restart compares with the version kept in the store: unchanged, version 2
        camel.close();
        try (dev.camelcoding.component.store.OwnedStore store =
                dev.camelcoding.component.store.OwnedStore.embedded(data)) {
            SchemaCatalogStore.Stored stored = new SchemaCatalogStore(store.store())
                    .load(sim.team(), sim.projectName())
                    .orElseThrow();
            assertThat(stored.signature().version()).isEqualTo(2);
            assertThat(stored.signature().fields()).containsEntry("issues.custom." + id, "TEXT_DATE");
            assertThat(stored.document().path("version").asLong()).isEqualTo(2);
        }
        try (var files = java.nio.file.Files.list(data)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("no catalog file next to the store")
                    .noneMatch(name -> name.startsWith("coding-schema-"));
        }
        MockEndpoint again = start();
        again.expectedMessageCount(1);
        again.assertIsSatisfied();
        JsonNode restarted =
                MAPPER.readTree(again.getExchanges().get(0).getMessage().getBody(String.class));
        assertThat(restarted.path("kind").asText()).isEqualTo("unchanged");
        assertThat(restarted.path("version").asLong()).isEqualTo(2);
    }
}
