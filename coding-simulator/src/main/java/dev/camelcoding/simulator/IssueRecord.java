package dev.camelcoding.simulator;

/**
 * One issue, kept compact (about 150 bytes) so that a million fit in a default heap: references to shared catalog
 * objects, primitive ids and times, a label bit mask. Name, description and custom field values of seeded issues are
 * not stored but derived from the seed on demand (see {@link TextSynth}); the {@code *Override} fields hold values
 * set through mutations.
 */
final class IssueRecord {
    final int code;
    final Catalog.IssueTypeDef type;
    /** Whether name/description/custom fields may be derived from the seed (false for issues created later). */
    final boolean seeded;

    Catalog.StatusDef status;
    /** 0..3, or -1 for CODING's unspecified priority "". */
    byte priority;

    int parentCode;
    int epicCode;
    int iterationCode;
    long assigneeId;
    final long creatorId;
    final long createdAt;
    long updatedAt;
    long completedAt;
    long startDate;
    long dueDate;
    float workingHours;
    /** Story points in tenths; -1 = "" (unset). */
    short storyPointTenths = -1;
    /** Index into {@link Catalog#defectTypes}, -1 = none. */
    byte defectType = -1;
    /** Index into {@link Catalog#modules}, -1 = none. */
    byte module = -1;
    /** Bit i set = label {@code catalog.labels.get(i)}. */
    long labelMask;

    long[] watcherIds;
    String nameOverride;
    String descriptionOverride;
    /** Per custom field index: null = derived (seeded) or unset; "" = explicitly unset. */
    String[] customOverride;

    IssueRecord(int code, Catalog.IssueTypeDef type, boolean seeded, long creatorId, long createdAt) {
        this.code = code;
        this.type = type;
        this.seeded = seeded;
        this.creatorId = creatorId;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String typeName() {
        return type.issueType();
    }

    String storyPoint() {
        if (storyPointTenths < 0) {
            return "";
        }
        return storyPointTenths % 10 == 0
                ? Integer.toString(storyPointTenths / 10)
                : (storyPointTenths / 10) + "." + (storyPointTenths % 10);
    }
}
