package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coding-sync schema [--json]} against the simulator: the catalog of its project, custom fields included. */
class SchemaCommandTest {

    @TempDir
    Path data;

    private CodingSimulator sim;

    @BeforeEach
    void start() {
        sim = CodingSimulator.builder().issues(5).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Cli schema(String... extra) {
        List<String> args = new ArrayList<>(List.of("schema"));
        args.addAll(List.of(extra));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.dead-letter.dir=" + data.resolve("dead"),
                "coding.sink.jdbc.url=jdbc:h2:mem:schema-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")) {
            args.add("--set");
            args.add(pair);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void printsTheTablesTheCustomFieldsAndTheSchedule() {
        Cli cli = schema();
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("issues (key project, code)").contains("refreshed hourly");
        for (String name : sim.data().customFieldNames()) {
            assertThat(cli.out()).contains(name);
        }
    }

    @Test
    void printsTheCatalogDocumentWithJson() throws Exception {
        long added = sim.addCustomField("严重程度", "SELECT_SINGLE", List.of("轻微", "严重"), List.of("DEFECT"));
        Cli cli = schema("--json");
        assertThat(cli.exit()).isZero();
        JsonNode doc = new ObjectMapper().readTree(cli.out());
        assertThat(doc.path("$schema").asText()).startsWith("https://json-schema.org/");
        assertThat(doc.path("$defs").size()).isEqualTo(8);
        assertThat(doc.path("$defs")
                        .path("issues")
                        .path("properties")
                        .path("custom")
                        .path("properties")
                        .path(Long.toString(added))
                        .path("x-issue-types")
                        .toString())
                .isEqualTo("[\"DEFECT\"]");
    }
}
