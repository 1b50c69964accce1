package dev.camelcoding.component.schema;

import java.util.Locale;

/**
 * How CODING edits an issue field ({@code IssueField.ComponentType} of DescribeProjectIssueFieldList), which decides
 * the shape of the field's {@code ValueString} on issues and so the type of its normalized value.
 */
public enum ComponentType {
    TEXT_SINGLE_LINE(FieldType.STRING),
    TEXT_MULTI_LINE(FieldType.STRING),
    /** One option: the value is {@code {"id": option value, "name": option title}}. */
    SELECT_SINGLE(FieldType.OBJECT),
    /** Several options: a list of {@code {"id", "name"}}. */
    SELECT_MULTI(FieldType.ARRAY),
    RADIO(FieldType.OBJECT),
    CHECKBOX(FieldType.ARRAY),
    /** One member: {@code {"id": user id, "name": user name}}. */
    SELECT_MEMBER_SINGLE(FieldType.OBJECT),
    SELECT_MEMBER_MULTI(FieldType.ARRAY),
    TEXT_DATETIME(FieldType.DATE_TIME),
    TEXT_DATE(FieldType.DATE),
    TEXT_INTEGER(FieldType.INTEGER),
    TEXT_DECIMAL(FieldType.DECIMAL),
    /** A component type this version does not know (CODING added one): the value is the raw text. */
    UNKNOWN(FieldType.STRING);

    private final FieldType valueType;

    ComponentType(FieldType valueType) {
        this.valueType = valueType;
    }

    /** The type of the normalized value. */
    public FieldType valueType() {
        return valueType;
    }

    public boolean isOption() {
        return this == SELECT_SINGLE || this == SELECT_MULTI || this == RADIO || this == CHECKBOX;
    }

    public boolean isMember() {
        return this == SELECT_MEMBER_SINGLE || this == SELECT_MEMBER_MULTI;
    }

    public boolean isMulti() {
        return valueType == FieldType.ARRAY;
    }

    /** CODING's name, or UNKNOWN for one this version has never seen. */
    public static ComponentType of(String codingName) {
        if (codingName == null || codingName.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(codingName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return UNKNOWN;
        }
    }
}
