package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The canonical project member row: {@code project, user_id, name, name_pinyin, global_key, email, avatar, status,
 * roles [{role_id, role_type, role_name}]}. Phone numbers are left out on purpose (personal data a sync rarely needs).
 */
public final class MemberSchema {

    /** The declared shape of a project member row. */
    public static final TableModel MODEL = TableModel.of("projectMembers", "project", "user_id")
            .required("project", FieldType.STRING)
            .required("user_id", FieldType.INTEGER)
            .optional("name", FieldType.STRING)
            .optional("name_pinyin", FieldType.STRING)
            .optional("global_key", FieldType.STRING)
            .optional("email", FieldType.STRING)
            .optional("avatar", FieldType.STRING)
            .optional("status", FieldType.INTEGER)
            .optional("roles", FieldType.ARRAY)
            .build();

    private MemberSchema() {}

    /** The key of a member: the project and the user id. */
    public static ObjectNode key(String project, long userId) {
        return Rows.object().put("project", project).put("user_id", userId);
    }

    public static ObjectNode fromApi(JsonNode row, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("user_id", Json.longValue(row, "Id", 0));
        Rows.rawText(out, "name", row, "Name");
        Rows.text(out, "name_pinyin", row, "NamePinYin");
        Rows.text(out, "global_key", row, "GlobalKey");
        Rows.text(out, "email", row, "Email");
        Rows.text(out, "avatar", row, "Avatar");
        Rows.integer(out, "status", row, "Status");
        List<ObjectNode> roles = new ArrayList<>();
        for (JsonNode role : Json.array(row, "Roles")) {
            ObjectNode r = Rows.object();
            // RoleId arrives as a number in project members and as a string in team members.
            Rows.integer(r, "role_id", role, "RoleId");
            Rows.text(r, "role_type", role, "RoleType");
            Rows.text(r, "role_name", role, "RoleTypeName");
            roles.add(r);
        }
        roles.sort(Comparator.comparing(r -> r.path("role_id").asLong()));
        ArrayNode array = out.putArray("roles");
        roles.forEach(array::add);
        return out;
    }

    /**
     * A member of a Service Hook payload in the canonical schema. Hooks carry no e-mail, status or roles (even
     * MEMBER_ROLE_UPDATED does not say the new role): those are null unless completed from DescribeProjectMembers.
     */
    public static ObjectNode fromHook(JsonNode member, String project) {
        ObjectNode out = Rows.object();
        out.put("project", project);
        out.put("user_id", Json.longValue(member, "id", 0));
        Rows.rawText(out, "name", member, "name");
        Rows.text(out, "name_pinyin", member, "name_pinyin");
        Rows.text(out, "global_key", member, "login");
        out.putNull("email");
        Rows.text(out, "avatar", member, "avatar_url");
        out.putNull("status");
        out.putNull("roles");
        return out;
    }
}
