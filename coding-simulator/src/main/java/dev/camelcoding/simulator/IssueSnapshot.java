package dev.camelcoding.simulator;

import java.util.List;
import java.util.Map;

/**
 * A canonical, immutable view of one issue as the simulator holds it, for assertions. Values are the ones the Open API
 * serves ({@code priority} is CODING's string "0".."3" or ""; times are epoch millis, 0 = unset; codes are 0 when
 * unset). {@code customFields} maps custom field names to their ValueString.
 */
public record IssueSnapshot(
        int code,
        String type,
        long issueTypeId,
        String name,
        String description,
        long statusId,
        String statusName,
        String statusType,
        String priority,
        long assigneeId,
        long creatorId,
        int iterationCode,
        int parentCode,
        int epicCode,
        List<Long> labelIds,
        List<Long> watcherIds,
        long createdAt,
        long updatedAt,
        long completedAt,
        long startDate,
        long dueDate,
        String storyPoint,
        double workingHours,
        Map<String, String> customFields) {}
