package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        return schemaWithSink("jdbc:h2:mem:schema-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", extra);
    }

    private Cli schemaWithSink(String sinkUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of("schema"));
        args.addAll(List.of(extra));
        for (String pair : List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=" + sinkUrl)) {
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
    /**
     * Each field's sink column and SQL type, as the JDBC sink creates them: checked against the columns the sink made
     * in that very database (the command starts the sink, which creates its tables), not against our mapping.
     */
    @Test
    void printsEachFieldsSinkColumnAndSqlTypeAsTheDatabaseHasThem() throws Exception {
        long added = sim.addCustomField("严重程度", "SELECT_SINGLE", List.of("轻微", "严重"), List.of("DEFECT"));
        String url = "jdbc:h2:mem:schema-columns-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Cli cli = schemaWithSink(url);
        assertThat(cli.exit()).isZero();
        String out = cli.out();
        assertThat(out)
                .containsPattern("\\n  created_at +epoch_millis +null +created_at TIMESTAMP WITH TIME ZONE\\n")
                .containsPattern("\\n  updated_at +epoch_millis +null +updated_time TIMESTAMP WITH TIME ZONE\\n")
                .containsPattern("\\n  labels +array +null +labels JSON\\n")
                .containsPattern("\\n  description +string +null +doc VARCHAR\\n")
                .containsPattern("\\n  " + added + " +SELECT_SINGLE .* cf_" + added + " VARCHAR\\n");

        // every column printed for issues is a column of coding_issues with that type
        Map<String, String> database = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                ResultSet r = c.getMetaData().getColumns(null, null, "CODING_ISSUES", null)) {
            while (r.next()) {
                database.put(r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), r.getString("TYPE_NAME"));
            }
        }
        String issues = out.substring(out.indexOf("\nissues (key"), out.indexOf("\n\n", out.indexOf("\nissues (key")));
        Matcher line = Pattern.compile("\\n  (\\w+) +\\w+ +(?:null|not null) +(\\w+) ([A-Z][A-Z ()0-9,]*)")
                .matcher(issues);
        int checked = 0;
        while (line.find()) {
            String column = line.group(2);
            if (column.equals("doc")) {
                continue;
            }
            assertThat(database)
                    .as("column %s of field %s", column, line.group(1))
                    .containsKey(column);
            String printed = line.group(3).trim().replace("VARCHAR", "CHARACTER VARYING");
            assertThat(database.get(column)).as("type of %s", column).startsWith(printed.replaceAll("\\(.*", ""));
            checked++;
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void printsThePostgresqlTypesForAPostgresqlSink() throws Exception {
        Cli cli = schemaWithSink(dev.camelcoding.app.it.TestPostgres.jdbcUrl());
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .contains("Sink: PostgreSQL")
                .containsPattern("\\n  labels +array +null +labels JSONB\\n")
                .containsPattern("\\n  created_at +epoch_millis +null +created_at TIMESTAMP WITH TIME ZONE\\n");
    }
}
