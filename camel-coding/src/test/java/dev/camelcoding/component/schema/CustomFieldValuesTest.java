package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each ComponentType normalized from values shaped like the contract's examples (coding-api.md 2.3: member fields
 * hold a serialized user object with "Name_pinyin", datetimes "2020-08-06 02:02:00" in CODING's zone, numbers "123").
 */
class CustomFieldValuesTest {

    private static final Map<String, String> OPTIONS = Map.of("1", "华东区", "2", "华南区");
    private static final String USER = "{\"Id\":8613581,\"GlobalKey\":\"cxRfjXWiUi\",\"Avatar\":\"https://a/x.jpg\","
            + "\"Name\":\"TestHookGavin\",\"Email\":\"\",\"Name_pinyin\":\"TestHookGavin\"}";

    private static JsonNode normalize(ComponentType type, String raw) {
        return CustomFieldValues.normalize(type, OPTIONS, raw);
    }

    @Test
    void textsStayText() {
        assertThat(normalize(ComponentType.TEXT_SINGLE_LINE, "验收通过").asText()).isEqualTo("验收通过");
        assertThat(normalize(ComponentType.TEXT_MULTI_LINE, "a\nb").asText()).isEqualTo("a\nb");
    }

    @Test
    void singleOptionsBecomeTheOptionIdAndName() {
        assertThat(normalize(ComponentType.SELECT_SINGLE, "2").toString()).isEqualTo("{\"id\":\"2\",\"name\":\"华南区\"}");
        assertThat(normalize(ComponentType.RADIO, "1").toString()).isEqualTo("{\"id\":\"1\",\"name\":\"华东区\"}");
        assertThat(normalize(ComponentType.SELECT_SINGLE, "9").toString())
                .as("an option the catalog does not know keeps its id")
                .isEqualTo("{\"id\":\"9\",\"name\":null}");
    }

    @Test
    void multiOptionsBecomeAListWhateverTheirSeparator() {
        String expected = "[{\"id\":\"1\",\"name\":\"华东区\"},{\"id\":\"2\",\"name\":\"华南区\"}]";
        assertThat(normalize(ComponentType.SELECT_MULTI, "1,2").toString()).isEqualTo(expected);
        assertThat(normalize(ComponentType.CHECKBOX, "[\"1\",\"2\"]").toString())
                .isEqualTo(expected);
        assertThat(normalize(ComponentType.SELECT_MULTI, "[1,2]").toString()).isEqualTo(expected);
    }

    @Test
    void membersBecomeTheUserIdAndName() {
        assertThat(normalize(ComponentType.SELECT_MEMBER_SINGLE, USER).toString())
                .isEqualTo("{\"id\":8613581,\"name\":\"TestHookGavin\"}");
        assertThat(normalize(
                                ComponentType.SELECT_MEMBER_MULTI,
                                "[" + USER + "," + USER.replace("8613581", "42").replace("TestHookGavin", "sinkcup")
                                        + "]")
                        .toString())
                .isEqualTo("[{\"id\":8613581,\"name\":\"TestHookGavin\"},{\"id\":42,\"name\":\"sinkcup\"}]");
    }

    @Test
    void datesAndDatetimesBecomeIsoInCodingsZone() {
        assertThat(normalize(ComponentType.TEXT_DATETIME, "2020-08-06 02:02:00").asText())
                .isEqualTo("2020-08-06T02:02:00+08:00");
        assertThat(normalize(ComponentType.TEXT_DATETIME, "1596643199000").asText())
                .as("epoch ms: 2020-08-05 23:59:59 +08:00, the contract's due date")
                .isEqualTo("2020-08-05T23:59:59+08:00");
        assertThat(normalize(ComponentType.TEXT_DATE, "2025-02-08").asText()).isEqualTo("2025-02-08");
        assertThat(normalize(ComponentType.TEXT_DATE, "2025-02-08 23:00:00").asText())
                .isEqualTo("2025-02-08");
    }

    @Test
    void numbersBecomeNumbers() {
        assertThat(normalize(ComponentType.TEXT_INTEGER, "123").isIntegralNumber())
                .isTrue();
        assertThat(normalize(ComponentType.TEXT_INTEGER, "123").asLong()).isEqualTo(123);
        assertThat(normalize(ComponentType.TEXT_DECIMAL, "0.5").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(normalize(ComponentType.TEXT_INTEGER, "12.5").isNull())
                .as("not an integer: raw only")
                .isTrue();
    }

    @Test
    void unsetAndUnparsableValuesAreNullAndTheRowKeepsTheRawText() {
        assertThat(normalize(ComponentType.TEXT_INTEGER, "").isNull()).isTrue();
        assertThat(normalize(ComponentType.TEXT_DATE, "soon").isNull()).isTrue();
        CustomFieldNormalizer normalizer = new CustomFieldNormalizer(Map.of(
                20004L,
                new CustomField(20004, "计划上线时间", ComponentType.TEXT_DATETIME, Map.of(), java.util.List.of("DEFECT"))));
        com.fasterxml.jackson.databind.node.ObjectNode row =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        row.putObject("custom_fields").put("20004", "2025-02-08 23:00:00").put("20099", "x");
        normalizer.apply(row);
        assertThat(row.path("custom").path("20004").toString())
                .isEqualTo("{\"name\":\"计划上线时间\","
                        + "\"component_type\":\"TEXT_DATETIME\",\"value\":\"2025-02-08T23:00:00+08:00\","
                        + "\"raw\":\"2025-02-08 23:00:00\"}");
        assertThat(row.path("custom").path("20099").path("component_type").asText())
                .isEqualTo("UNKNOWN");
        assertThat(row.path("custom_fields").path("20004").asText()).isEqualTo("2025-02-08 23:00:00");
        assertThat(normalizer.hasUnknownField(row)).isTrue();
    }
}
