package dev.camelcoding.component.schema;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One custom issue field of a project, merged by field id over the issue types that use it (DescribeProjectIssueFieldList
 * is per issue type; the same field appears once per type).
 *
 * @param id            CODING's field id (stable: a rename keeps it), the name of the field in the rows
 * @param name          the field's display name (may change)
 * @param componentType how CODING edits it, which decides the value's shape
 * @param options       option value to option title, for option fields (in CODING's sort order)
 * @param issueTypes    the issue types that have the field (REQUIREMENT, DEFECT...), sorted
 */
public record CustomField(
        long id, String name, ComponentType componentType, Map<String, String> options, List<String> issueTypes) {

    public CustomField {
        Objects.requireNonNull(componentType, "componentType");
        options = Map.copyOf(options); // order kept separately in the catalog JSON is not needed: lookups only
        issueTypes = List.copyOf(issueTypes);
    }

    /** The field's key in {@code custom} and {@code custom_fields} of an issue row. */
    public String key() {
        return Long.toString(id);
    }
}
