package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.schema.ComponentType;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sink's parse of a row's text for its typed columns: every column gets the value the whole tree gives, and the
 * fields no column reads are not made into nodes. The rows are issue docs as the shipped pipeline wrote them to a
 * sink (recorded from a backfill of the simulator: {@code issue-docs.jsonl}), with every custom field type it makes.
 */
class RowFieldsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> docs() throws Exception {
        try (InputStream in = RowFieldsTest.class.getResourceAsStream("/issue-docs.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }

    /** The issues table's columns: the model's and one per custom field of the docs, of its component type. */
    private static List<SinkColumn> issueColumns() {
        List<SinkColumn> columns = new ArrayList<>(SinkColumns.model(CodingTable.ISSUES));
        columns.add(new SinkColumns.CustomColumn("20001", "客户", ComponentType.SELECT_SINGLE).column("cf_20001"));
        columns.add(new SinkColumns.CustomColumn("20002", "验收标准", ComponentType.TEXT_SINGLE_LINE).column("cf_20002"));
        columns.add(
                new SinkColumns.CustomColumn("20003", "验收人", ComponentType.SELECT_MEMBER_SINGLE).column("cf_20003"));
        columns.add(new SinkColumns.CustomColumn("20004", "计划上线时间", ComponentType.TEXT_DATETIME).column("cf_20004"));
        columns.add(new SinkColumns.CustomColumn("20005", "工时", ComponentType.TEXT_INTEGER).column("cf_20005"));
        return columns;
    }

    @Test
    void everyTypedColumnGetsTheValueOfTheWholeTree() throws Exception {
        List<SinkColumn> columns = issueColumns();
        RowFields fields = RowFields.of(columns);
        List<String> docs = docs();
        assertThat(docs).hasSize(5);
        int compared = 0;
        for (String doc : docs) {
            JsonNode whole = MAPPER.readTree(doc);
            ObjectNode parsed = fields.parse(doc);
            for (SinkColumn column : columns) {
                assertThat(column.value().apply(parsed))
                        .as("%s of %s", column.name(), whole.path("code"))
                        .isEqualTo(column.value().apply(whole));
                if (!column.value().apply(whole).isMissingNode()) {
                    compared++;
                }
            }
            // what the schema learns a new custom field from (JdbcSinkSchema.addColumnsOfNewCustomFields)
            whole.path("custom").fields().forEachRemaining(field -> {
                JsonNode kept = parsed.path("custom").path(field.getKey());
                assertThat(kept.path("component_type"))
                        .isEqualTo(field.getValue().path("component_type"));
                assertThat(kept.path("name")).isEqualTo(field.getValue().path("name"));
            });
        }
        assertThat(compared).as("values present in the docs").isGreaterThan(100);
    }

    @Test
    void whatNoColumnReadsIsNotParsed() throws Exception {
        String doc = docs().get(0);
        ObjectNode parsed = RowFields.of(issueColumns()).parse(doc);
        assertThat(MAPPER.readTree(doc).has("description")).isTrue();
        assertThat(parsed.has("description")).as("Markdown, in doc only").isFalse();
        assertThat(parsed.has("custom_fields"))
                .as("CODING's raw values, in doc only")
                .isFalse();
        parsed.path("custom").forEach(field -> assertThat(field.has("raw")).isFalse());
    }

    @Test
    void aDocThatIsNotAJsonObjectHasNoFields() {
        RowFields fields = RowFields.of(issueColumns());
        assertThat(fields.parse("not json")).isNull();
        assertThat(fields.parse("[1,2]")).isNull();
        assertThat(fields.parse("{}")).isEmpty();
    }

    /**
     * The point of it: the bytes allocated per row, measured on this thread against the whole tree's of the same docs
     * (both warmed up first, so neither is measured in the interpreter alone).
     */
    @Test
    void theParseAllocatesAtMostThreeQuartersOfTheWholeTree() throws Exception {
        List<String> docs = docs();
        RowFields fields = RowFields.of(issueColumns());
        for (int i = 0; i < 20_000; i++) {
            MAPPER.readTree(docs.get(i % docs.size()));
            fields.parse(docs.get(i % docs.size()));
        }
        long whole = allocatedPerParse(docs, doc -> MAPPER.readTree(doc));
        long sparse = allocatedPerParse(docs, fields::parse);
        System.out.printf("bytes allocated per row: whole tree %d, typed columns' fields %d%n", whole, sparse);
        // measured: 4,665 against 6,928 bytes (the rest is the values the columns bind: a node and often a String
        // each, and the custom fields' objects)
        assertThat(sparse).isLessThan(whole * 3 / 4);
    }

    private interface Parse {
        Object parse(String doc) throws Exception;
    }

    private static long allocatedPerParse(List<String> docs, Parse parse) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int rounds = 10_000;
        Object last = null;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++) {
            last = parse.parse(docs.get(i % docs.size()));
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(last).isNotNull();
        return allocated / rounds;
    }
}
