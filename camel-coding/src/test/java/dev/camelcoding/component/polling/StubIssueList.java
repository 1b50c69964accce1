package dev.camelcoding.component.polling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.client.CodingOpenApi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A CODING that knows one thing: DescribeIssueListWithPage over a list of issues it holds, sorted by Code or by
 * UpdatedAt as asked, paged as coding-api.md describes (PageNumber from 1, PageSize, TotalCount, TotalPage). A hook
 * runs before each page is answered, so a test can change the list between two pages of one pass or fail one page.
 * Every page asked for is recorded. Any other Action answers an empty Data.
 */
final class StubIssueList implements CodingOpenApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Issues by Code: their UpdatedAt (epoch ms). */
    private final TreeMap<Long, Long> issues = new TreeMap<>();

    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile BiConsumer<String, Integer> beforePage = (sortKey, page) -> {};

    StubIssueList(int count, long updatedAt) {
        for (long code = 1; code <= count; code++) {
            issues.put(code, updatedAt + code);
        }
    }

    /** Runs before each page is answered with the sort key and page number; it may change the list or throw. */
    void beforePage(BiConsumer<String, Integer> hook) {
        this.beforePage = hook;
    }

    synchronized void delete(long code) {
        issues.remove(code);
    }

    synchronized List<Long> codes() {
        return List.copyOf(issues.keySet());
    }

    /** "SORTKEY page N" for every page asked for, in order. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public JsonNode call(String action, ObjectNode params, String authorization) {
        ObjectNode response = MAPPER.createObjectNode();
        if (!"DescribeIssueListWithPage".equals(action)) {
            response.putObject("Data");
            return response;
        }
        String sortKey = params.path("SortKey").asText();
        int pageNumber = params.path("PageNumber").asInt();
        int pageSize = params.path("PageSize").asInt();
        requests.add(sortKey + " page " + pageNumber);
        beforePage.accept(sortKey, pageNumber);
        List<long[]> rows = new ArrayList<>();
        synchronized (this) {
            issues.forEach((code, updatedAt) -> rows.add(new long[] {code, updatedAt}));
        }
        if ("UPDATED_AT".equals(sortKey)) {
            rows.sort((a, b) -> Long.compare(b[1], a[1]));
        }
        ObjectNode data = response.putObject("Data");
        data.put("PageNumber", pageNumber)
                .put("PageSize", pageSize)
                .put("TotalCount", rows.size())
                .put("TotalPage", (rows.size() + pageSize - 1) / pageSize);
        ArrayNode list = data.putArray("List");
        for (int i = (pageNumber - 1) * pageSize; i < Math.min(rows.size(), pageNumber * pageSize); i++) {
            long[] row = rows.get(i);
            list.addObject()
                    .put("Code", row[0])
                    .put("Id", 1000 + row[0])
                    .put("Name", "issue " + row[0])
                    .put("Type", "MISSION")
                    .put("CreatedAt", row[1] - 1000)
                    .put("UpdatedAt", row[1]);
        }
        return response;
    }
}
