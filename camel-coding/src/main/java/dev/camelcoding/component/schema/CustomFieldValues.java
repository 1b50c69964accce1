package dev.camelcoding.component.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one custom field's {@code ValueString} (CODING sends every value as text) into a typed value by the field's
 * ComponentType. The contract's shapes: member fields hold a serialized user object or a list of them
 * ({@code {"Id":8613581,"GlobalKey":..,"Name":..,"Name_pinyin":..}}), datetimes {@code "2020-08-06 02:02:00"} in
 * CODING's zone (China Standard Time), numbers {@code "123"}. Not documented, and accepted in every form seen in
 * clients: option values as one option value ({@code "2"}), comma-separated ({@code "1,2"}) or a JSON array;
 * dates as {@code "2020-08-06"}, a datetime or epoch milliseconds. A value that fits none of them normalizes to null;
 * its raw text is kept beside it, so nothing is lost.
 */
public final class CustomFieldValues {

    /** CODING's zone: its datetimes carry no offset and its day boundaries are China Standard Time. */
    public static final ZoneId CODING_ZONE = ZoneId.of("Asia/Shanghai");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter CODING_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private CustomFieldValues() {}

    /** The typed value of {@code raw} for a field of {@code type} (options: value to title); JSON null when unset. */
    public static JsonNode normalize(ComponentType type, Map<String, String> options, String raw) {
        if (raw == null || raw.isBlank()) {
            return NullNode.getInstance();
        }
        String text = raw.trim();
        return switch (type) {
            case TEXT_SINGLE_LINE, TEXT_MULTI_LINE, UNKNOWN -> NODES.textNode(raw);
            case SELECT_SINGLE, RADIO -> {
                List<String> values = optionValues(text);
                yield values.isEmpty() ? NullNode.getInstance() : option(values.get(0), options);
            }
            case SELECT_MULTI, CHECKBOX -> {
                ArrayNode list = NODES.arrayNode();
                optionValues(text).forEach(v -> list.add(option(v, options)));
                yield list;
            }
            case SELECT_MEMBER_SINGLE -> {
                List<ObjectNode> members = members(text);
                yield members.isEmpty() ? NullNode.getInstance() : members.get(0);
            }
            case SELECT_MEMBER_MULTI -> {
                ArrayNode list = NODES.arrayNode();
                members(text).forEach(list::add);
                yield list;
            }
            case TEXT_DATE -> {
                LocalDate date = date(text);
                yield date == null ? NullNode.getInstance() : NODES.textNode(date.toString());
            }
            case TEXT_DATETIME -> {
                OffsetDateTime time = dateTime(text);
                yield time == null
                        ? NullNode.getInstance()
                        : NODES.textNode(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            case TEXT_INTEGER -> {
                BigDecimal number = number(text);
                yield number == null ? NullNode.getInstance() : integerOrDecimal(number);
            }
            case TEXT_DECIMAL -> {
                BigDecimal number = number(text);
                yield number == null ? NullNode.getInstance() : NODES.numberNode(number);
            }
        };
    }

    private static JsonNode integerOrDecimal(BigDecimal number) {
        try {
            return NODES.numberNode(number.longValueExact());
        } catch (ArithmeticException notWhole) {
            return NullNode.getInstance(); // "12.5" in an integer field is not an integer: the raw text stays
        }
    }

    private static ObjectNode option(String value, Map<String, String> options) {
        ObjectNode option = NODES.objectNode();
        option.put("id", value);
        option.put("name", options.get(value)); // null: an option CODING deleted or the catalog does not know yet
        return option;
    }

    /** "2", "1,2", ["1","2"] or [1,2]. */
    static List<String> optionValues(String text) {
        List<String> values = new ArrayList<>();
        JsonNode parsed = text.startsWith("[") ? parse(text) : null;
        if (parsed != null && parsed.isArray()) {
            for (JsonNode v : parsed) {
                String value =
                        v.isObject() ? v.path("Value").asText(v.path("Id").asText("")) : v.asText("");
                if (!value.isBlank()) {
                    values.add(value.trim());
                }
            }
            return values;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }

    /** A serialized user object, a list of them, or bare ids. */
    static List<ObjectNode> members(String text) {
        List<ObjectNode> members = new ArrayList<>();
        JsonNode parsed = parse(text);
        if (parsed == null) {
            for (String part : text.split(",")) {
                addMember(members, NODES.textNode(part.trim()));
            }
            return members;
        }
        if (parsed.isArray()) {
            parsed.forEach(user -> addMember(members, user));
        } else {
            addMember(members, parsed);
        }
        return members;
    }

    private static void addMember(List<ObjectNode> members, JsonNode user) {
        long id;
        String name = null;
        if (user.isObject()) {
            id = user.path("Id").asLong(user.path("id").asLong(0));
            JsonNode n = user.has("Name") ? user.get("Name") : user.path("name");
            name = n.isTextual() ? n.asText() : null;
        } else {
            id = user.asLong(0);
        }
        if (id != 0) {
            ObjectNode member = NODES.objectNode();
            member.put("id", id);
            member.put("name", name);
            members.add(member);
        }
    }

    static LocalDate date(String text) {
        OffsetDateTime time = dateTime(text);
        if (time != null) {
            return time.toLocalDate();
        }
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** "2020-08-06 02:02:00" (CODING's zone), an ISO-8601 datetime, or epoch milliseconds. */
    static OffsetDateTime dateTime(String text) {
        if (text.chars().allMatch(Character::isDigit) && text.length() >= 11) {
            return Instant.ofEpochMilli(Long.parseLong(text))
                    .atZone(CODING_ZONE)
                    .toOffsetDateTime();
        }
        try {
            return LocalDateTime.parse(text, CODING_DATE_TIME)
                    .atZone(CODING_ZONE)
                    .toOffsetDateTime();
        } catch (DateTimeParseException notCodingForm) {
            // next form
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(text).atZone(CODING_ZONE).toOffsetDateTime();
        } catch (DateTimeParseException notLocal) {
            return null;
        }
    }

    static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.replace(",", ""));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static JsonNode parse(String text) {
        if (!(text.startsWith("{") || text.startsWith("["))) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
