package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schema of one CODING project: every table's fields (from the declared {@link TableModel}s), the project's
 * custom issue fields merged by id, its issue types and its statuses per issue type. Published as one JSON Schema
 * style document ({@link #toJson}); {@link #signature} is what versions compare.
 *
 * <p>A <b>model</b>, for the seed's "Model Load Time" threshold, is one schema object this catalog describes: each
 * table, each issue type, each field of an issue type (one row of DescribeProjectIssueFieldList per type) and each
 * status of an issue type. {@link #modelCount()} is their number.
 *
 * @param team            the CODING team (may be empty)
 * @param project         the project's URL name
 * @param tables          the declared tables
 * @param customFields    the custom issue fields, by id
 * @param issueTypes      the project's issue types
 * @param statuses        the statuses per issue type
 * @param issueTypeFields how many (issue type, field) pairs DescribeProjectIssueFieldList returned, system fields
 *                        included
 * @param discoveredAt    when CODING was read
 */
public record SchemaCatalog(
        String team,
        String project,
        List<TableModel> tables,
        List<CustomField> customFields,
        List<IssueTypeInfo> issueTypes,
        List<StatusInfo> statuses,
        int issueTypeFields,
        Instant discoveredAt) {

    /** An issue type of the project. */
    public record IssueTypeInfo(long id, String name, String issueType) {}

    /** A status of an issue type. */
    public record StatusInfo(String issueType, long id, String name, String statusType) {}

    public SchemaCatalog {
        Objects.requireNonNull(project, "project");
        tables = List.copyOf(tables);
        customFields = List.copyOf(customFields);
        issueTypes = List.copyOf(issueTypes);
        statuses = List.copyOf(statuses);
    }

    /** The number of models, as the refresh schedule counts them (see the class comment). */
    public long modelCount() {
        return (long) tables.size() + issueTypes.size() + issueTypeFields + statuses.size();
    }

    /** Field id to definition, for {@link CustomFieldNormalizer}. */
    public Map<Long, CustomField> customFieldsById() {
        Map<Long, CustomField> byId = new LinkedHashMap<>();
        customFields.forEach(f -> byId.put(f.id(), f));
        return byId;
    }

    /** This catalog's signature as version {@code version}. */
    public CatalogSignature signature(long version) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (TableModel table : tables) {
            for (FieldSpec field : table.fields()) {
                fields.put(table.table() + "." + field.name(), field.type().name());
            }
        }
        for (CustomField field : customFields) {
            fields.put("issues.custom." + field.key(), field.componentType().name());
        }
        return new CatalogSignature(version, fingerprint(), fields);
    }

    /** A SHA-256 of the content (not of the version or the discovery time): equal content, equal fingerprint. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(content().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The catalog as a JSON Schema (2020-12) document with {@code x-} extensions, as version {@code version}. */
    public ObjectNode toJson(long version) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        doc.put("$id", "coding:schema/" + (team == null || team.isEmpty() ? "-" : team) + "/" + project);
        doc.put("title", "CODING project " + project);
        doc.put("version", version);
        doc.put("fingerprint", fingerprint());
        doc.put("discovered_at", discoveredAt.toString());
        doc.put("model_count", modelCount());
        doc.setAll(content());
        return doc;
    }

    private ObjectNode content() {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        ObjectNode defs = content.putObject("$defs");
        for (TableModel table : tables) {
            ObjectNode schema = defs.putObject(table.table());
            schema.put("type", "object");
            ArrayNode key = schema.putArray("x-key");
            table.key().forEach(key::add);
            ArrayNode required = schema.putArray("required");
            ObjectNode properties = schema.putObject("properties");
            for (FieldSpec field : table.fields()) {
                if (!field.nullable()) {
                    required.add(field.name());
                }
                ObjectNode property = properties.putObject(field.name());
                typeOf(property, field.type(), field.nullable());
                if ("issues".equals(table.table()) && "custom".equals(field.name())) {
                    customProperties(property.putObject("properties"));
                }
            }
        }
        ArrayNode types = content.putArray("x-issue-types");
        for (IssueTypeInfo type : issueTypes) {
            types.addObject().put("id", type.id()).put("name", type.name()).put("issue_type", type.issueType());
        }
        ArrayNode statusList = content.putArray("x-issue-statuses");
        for (StatusInfo status : statuses) {
            statusList
                    .addObject()
                    .put("issue_type", status.issueType())
                    .put("id", status.id())
                    .put("name", status.name())
                    .put("status_type", status.statusType());
        }
        content.put("x-issue-type-fields", issueTypeFields);
        return content;
    }

    private void customProperties(ObjectNode properties) {
        for (CustomField field : customFields) {
            ObjectNode entry = properties.putObject(field.key());
            entry.put("type", "object");
            entry.put("title", field.name());
            entry.put("x-component-type", field.componentType().name());
            ArrayNode types = entry.putArray("x-issue-types");
            field.issueTypes().forEach(types::add);
            if (!field.options().isEmpty()) {
                ObjectNode options = entry.putObject("x-options");
                new java.util.TreeMap<>(field.options()).forEach(options::put);
            }
            ObjectNode parts = entry.putObject("properties");
            parts.putObject("name").putArray("type").add("string").add("null");
            parts.putObject("component_type").put("type", "string");
            typeOf(parts.putObject("value"), field.componentType().valueType(), true);
            parts.putObject("raw").putArray("type").add("string").add("null");
        }
    }

    private static void typeOf(ObjectNode property, FieldType type, boolean nullable) {
        if (nullable) {
            property.putArray("type").add(type.jsonType()).add("null");
        } else {
            property.put("type", type.jsonType());
        }
        if (type.format() != null) {
            property.put("format", type.format());
        }
    }
}
