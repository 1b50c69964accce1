package dev.camelcoding.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode parse(String json) throws Exception {
        return mapper.readTree(json);
    }

    @Test
    void keysAreFoundWhateverTheirCase() throws Exception {
        assertThat(Json.field(parse("{\"data\":{\"List\":[1]}}"), "Data")
                        .get("List")
                        .size())
                .isEqualTo(1);
        assertThat(Json.field(parse("{\"Data\":1,\"data\":2}"), "Data").asInt())
                .as("exact match first")
                .isEqualTo(1);
        assertThat(Json.field(parse("{}"), "Data").isMissingNode()).isTrue();
    }

    @Test
    void numbersMayArriveAsStrings() throws Exception {
        JsonNode node = parse(
                "{\"Priority\":\"2\",\"expires_in\":\"7200\",\"RoleId\":3,\"StoryPoint\":\"0.5\",\"Blank\":\"\"}");
        assertThat(Json.longValue(node, "Priority", -1)).isEqualTo(2);
        assertThat(Json.longValue(node, "expires_in", -1)).isEqualTo(7200);
        assertThat(Json.longValue(node, "RoleId", -1)).isEqualTo(3);
        assertThat(Json.longValue(node, "StoryPoint", -1)).isEqualTo(0);
        assertThat(Json.longValue(node, "Blank", -1)).isEqualTo(-1);
        assertThat(Json.longValue(node, "Absent", -1)).isEqualTo(-1);
    }

    @Test
    void zeroFilledObjectsAreUnset() throws Exception {
        assertThat(Json.isUnset(parse("{\"Code\":0,\"Name\":\"\",\"Status\":\"\"}")))
                .isTrue();
        assertThat(Json.isUnset(parse("{\"Id\":0,\"Assignee\":{\"Id\":0,\"Name\":\"\"},\"Tags\":[]}")))
                .isTrue();
        assertThat(Json.isUnset(parse("{\"Code\":3,\"Name\":\"Sprint 3\"}"))).isFalse();
        assertThat(Json.isUnset(parse("{\"Id\":0,\"Name\":\"x\"}"))).isFalse();
        assertThat(Json.objectOrNull(parse("{\"Iteration\":{\"Code\":0,\"Name\":\"\"}}"), "Iteration"))
                .isNull();
    }

    @Test
    void absentArraysAreEmpty() throws Exception {
        assertThat(Json.array(parse("{\"List\":null}"), "List")).isEmpty();
        assertThat(Json.array(parse("{}"), "CommentList")).isEmpty();
    }
}
