package dev.camelcoding.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The filter and order of a DescribeIssueListWithPage call, and the cache that makes deep pages cheap.
 *
 * <p>A query (IssueType, sub-issue visibility, Conditions, SortKey, SortValue) is evaluated once into the ordered
 * array of matching codes; pages are slices of it. Results are cached by the query's canonical text and the data
 * version, so mutations invalidate them. Ties of the sort key are broken by Code in the same direction, which makes
 * the order total and paging stable.
 */
final class IssueQuery {

    private static final Set<String> ISSUE_TYPES =
            Set.of("ALL", "DEFECT", "REQUIREMENT", "MISSION", "EPIC", "SUB_TASK");
    private static final Set<String> SORT_KEYS = Set.of(
            "CODE",
            "CREATED_AT",
            "UPDATED_AT",
            "PRIORITY",
            "DUE_DATE",
            "START_DATE",
            "COMPLETED_AT",
            "STATUS",
            "ISSUE_STATUS_ID",
            "STATUS_TYPE",
            "ASSIGNEE",
            "PARENT_ID",
            "PROJECT_ID");

    @FunctionalInterface
    interface Condition {
        boolean test(IssueRecord i);
    }

    final String issueType;
    final boolean includeSubTasks;
    final List<Condition> conditions = new ArrayList<>();
    final String sortKey;
    final boolean ascending;
    final String cacheKey;

    /** Parses the request; throws {@link ApiError} for missing or unsupported values. */
    IssueQuery(Params p, SimulatorData d) {
        issueType = p.requireString("IssueType").toUpperCase(Locale.ROOT);
        if (!ISSUE_TYPES.contains(issueType)) {
            throw ApiError.invalidValue("IssueType", issueType + " is not one of " + ISSUE_TYPES);
        }
        // ShowSubIssues: sub-tasks are listed only when asked for (or when IssueType is SUB_TASK); ExcludeSubTask
        // hides them whatever ShowSubIssues says. The default is a builder option.
        boolean show = p.bool("ShowSubIssues", d.config.showSubIssuesByDefault());
        includeSubTasks = "SUB_TASK".equals(issueType) || (show && !p.bool("ExcludeSubTask", false));
        String key = p.has("SortKey") ? p.string("SortKey").toUpperCase(Locale.ROOT) : "CODE";
        if (!SORT_KEYS.contains(key)) {
            throw ApiError.invalidValue("SortKey", key + " is not supported (supported: " + SORT_KEYS + ")");
        }
        sortKey = key;
        String order = p.has("SortValue") ? p.string("SortValue").toUpperCase(Locale.ROOT) : "DESC";
        if (!order.equals("ASC") && !order.equals("DESC")) {
            throw ApiError.invalidValue("SortValue", "expected ASC or DESC");
        }
        ascending = order.equals("ASC");
        JsonNode conds = p.get("Conditions");
        if (conds != null && !conds.isArray()) {
            throw ApiError.invalid("Conditions", "expected an array of {Key, Value}");
        }
        if (conds != null) {
            for (JsonNode c : conds) {
                conditions.add(condition(c, d));
            }
        }
        cacheKey = issueType
                + '|'
                + includeSubTasks
                + '|'
                + sortKey
                + '|'
                + ascending
                + '|'
                + (conds == null ? "[]" : conds.toString());
    }

    private static Condition condition(JsonNode c, SimulatorData d) {
        String key = c.path("Key").asText("").trim().toUpperCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw ApiError.missing("Conditions.Key");
        }
        String value =
                c.path("Value").isNull() ? "" : c.path("Value").asText("").trim();
        boolean unset = "UNSPECIFIC".equalsIgnoreCase(c.path("ConstValue").asText(""));
        try {
            switch (key) {
                case "UPDATED_AT":
                    return timeRange(value, unset, i -> i.updatedAt);
                case "CREATED_AT":
                    return timeRange(value, unset, i -> i.createdAt);
                case "DUE_DATE":
                    return timeRange(value, unset, i -> i.dueDate);
                case "START_DATE":
                    return timeRange(value, unset, i -> i.startDate);
                case "ITERATION": {
                    if (unset) {
                        return i -> i.iterationCode == 0;
                    }
                    Set<Long> codes = longs(value);
                    return i -> codes.contains((long) i.iterationCode);
                }
                case "STATUS_TYPE": {
                    Set<String> types = strings(value);
                    return i -> types.contains(i.status.type());
                }
                case "STATUS": {
                    Set<Long> ids = longs(value);
                    return i -> ids.contains(i.status.id());
                }
                case "ISSUE_TYPE": {
                    Set<String> types = strings(value);
                    return i -> types.contains(i.typeName());
                }
                case "ISSUE_TYPE_ID": {
                    Set<Long> ids = longs(value);
                    return i -> ids.contains(i.type.id());
                }
                case "PRIORITY": {
                    if (unset) {
                        return i -> i.priority < 0;
                    }
                    Set<Long> ps = longs(value);
                    return i -> ps.contains((long) i.priority);
                }
                case "ASSIGNEE": {
                    if (unset) {
                        return i -> i.assigneeId == 0;
                    }
                    Set<Long> ids = longs(value);
                    return i -> ids.contains(i.assigneeId);
                }
                case "CREATOR": {
                    Set<Long> ids = longs(value);
                    return i -> ids.contains(i.creatorId);
                }
                case "WATCHER": {
                    Set<Long> ids = longs(value);
                    return i -> {
                        if (i.watcherIds != null) {
                            for (long w : i.watcherIds) {
                                if (ids.contains(w)) {
                                    return true;
                                }
                            }
                        }
                        return false;
                    };
                }
                case "LABEL": {
                    if (unset) {
                        return i -> i.labelMask == 0;
                    }
                    long mask = 0;
                    for (long id : longs(value)) {
                        int idx = d.catalog.labelIndex(id);
                        if (idx >= 0) {
                            mask |= 1L << idx;
                        }
                    }
                    long m = mask;
                    return i -> (i.labelMask & m) != 0;
                }
                case "PARENT": {
                    if (unset) {
                        return i -> i.parentCode == 0;
                    }
                    Set<Long> codes = longs(value);
                    return i -> codes.contains((long) i.parentCode);
                }
                case "KEYWORD": {
                    String needle = value.toLowerCase(Locale.ROOT);
                    return i -> Integer.toString(i.code).equals(needle)
                            || d.issueName(i).toLowerCase(Locale.ROOT).contains(needle);
                }
                default:
                    throw ApiError.invalidValue(
                            "Conditions.Key",
                            key + " is not supported by the simulator (supported: UPDATED_AT, CREATED_AT, DUE_DATE, "
                                    + "START_DATE, ITERATION, STATUS_TYPE, STATUS, ISSUE_TYPE, ISSUE_TYPE_ID, PRIORITY, "
                                    + "ASSIGNEE, CREATOR, WATCHER, LABEL, PARENT, KEYWORD)");
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidValue("Conditions." + key, e.getMessage());
        }
    }

    private interface TimeOf {
        long of(IssueRecord i);
    }

    private static Condition timeRange(String value, boolean unset, TimeOf field) {
        if (unset) {
            return i -> field.of(i) == 0;
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a range such as 2024-05-01_2024-05-31 is required");
        }
        long[] range = CodingTime.parseRange(value);
        long lo = range[0];
        long hi = range[1];
        return i -> {
            long t = field.of(i);
            return t >= lo && t <= hi;
        };
    }

    private static Set<Long> longs(String value) {
        Set<Long> out = new HashSet<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                try {
                    out.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("expected comma-separated numbers, got " + value);
                }
            }
        }
        return out;
    }

    private static Set<String> strings(String value) {
        Set<String> out = new HashSet<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    boolean matches(IssueRecord i) {
        if (!includeSubTasks && "SUB_TASK".equals(i.typeName())) {
            return false;
        }
        if (!"ALL".equals(issueType) && !issueType.equals(i.typeName())) {
            return false;
        }
        for (Condition c : conditions) {
            if (!c.test(i)) {
                return false;
            }
        }
        return true;
    }

    /** Evaluates the query over all live issues: matching codes in answer order. Caller holds the read lock. */
    int[] evaluate(SimulatorData d) {
        int[] codes = new int[d.liveIssues];
        int n = 0;
        IssueRecord[] all = d.issues;
        for (int c = 1; c <= d.maxCode; c++) {
            IssueRecord i = all[c];
            if (i != null && matches(i)) {
                codes[n++] = c;
            }
        }
        int[] out = java.util.Arrays.copyOf(codes, n);
        IntSorter.IntComparator byKey = keyComparator(all);
        IntSorter.IntComparator total = byKey == null
                ? Integer::compare
                : (a, b) -> {
                    int r = byKey.compare(a, b);
                    return r != 0 ? r : Integer.compare(a, b);
                };
        if (byKey != null) {
            IntSorter.sort(out, total);
        }
        if (!ascending) {
            for (int l = 0, r = n - 1; l < r; l++, r--) {
                int t = out[l];
                out[l] = out[r];
                out[r] = t;
            }
        }
        return out;
    }

    private IntSorter.IntComparator keyComparator(IssueRecord[] a) {
        switch (sortKey) {
            case "CREATED_AT":
                return (x, y) -> Long.compare(a[x].createdAt, a[y].createdAt);
            case "UPDATED_AT":
                return (x, y) -> Long.compare(a[x].updatedAt, a[y].updatedAt);
            case "DUE_DATE":
                return (x, y) -> Long.compare(a[x].dueDate, a[y].dueDate);
            case "START_DATE":
                return (x, y) -> Long.compare(a[x].startDate, a[y].startDate);
            case "COMPLETED_AT":
                return (x, y) -> Long.compare(a[x].completedAt, a[y].completedAt);
            case "PRIORITY":
                return (x, y) -> Integer.compare(a[x].priority, a[y].priority);
            case "STATUS":
            case "ISSUE_STATUS_ID":
                return (x, y) -> Long.compare(a[x].status.id(), a[y].status.id());
            case "STATUS_TYPE":
                return (x, y) -> Integer.compare(statusRank(a[x]), statusRank(a[y]));
            case "ASSIGNEE":
                return (x, y) -> Long.compare(a[x].assigneeId, a[y].assigneeId);
            case "PARENT_ID":
                return (x, y) -> Integer.compare(a[x].parentCode, a[y].parentCode);
            default:
                return null; // CODE, PROJECT_ID: code order
        }
    }

    private static int statusRank(IssueRecord i) {
        switch (i.status.type()) {
            case "TODO":
                return 0;
            case "PROCESSING":
                return 1;
            default:
                return 2;
        }
    }

    /** Caches evaluated queries by canonical text and data version (small LRU). */
    static final class Cache {
        private record Entry(long version, int[] codes) {}

        private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > 16;
            }
        };

        int[] codes(IssueQuery q, SimulatorData d) {
            long version = d.version();
            synchronized (this) {
                Entry e = entries.get(q.cacheKey);
                if (e != null && e.version == version) {
                    return e.codes;
                }
            }
            int[] codes = q.evaluate(d);
            synchronized (this) {
                entries.put(q.cacheKey, new Entry(version, codes));
            }
            return codes;
        }
    }
}
