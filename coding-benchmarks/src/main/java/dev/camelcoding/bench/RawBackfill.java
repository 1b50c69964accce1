package dev.camelcoding.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The baseline: the same DescribeIssueListWithPage pages the component's snapshot reads (ProjectName, IssueType ALL,
 * SortKey CODE ASC, ShowSubIssues true), fetched one after the other with a bare JDK HttpClient over HTTP/1.1 and
 * parsed with Jackson's readTree, each row touched (its Code read). No Camel, no retries, no rate limiter.
 */
final class RawBackfill {

    private final URI uri;
    private final String authorization;
    private final String project;
    private final int pageSize;
    private final ObjectMapper mapper = new ObjectMapper();

    RawBackfill(String openApiUrl, String token, String project, int pageSize) {
        // The component sends the Action in the body and in the query; do the same so both ask the same thing.
        this.uri = URI.create(openApiUrl + (openApiUrl.contains("?") ? "&" : "?") + "Action=DescribeIssueListWithPage");
        this.authorization = "token " + token;
        this.project = project;
        this.pageSize = pageSize;
    }

    /** The issue count CODING reports for the listing (one call with PageSize 1). */
    long totalCount() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        JsonNode data = page(http, 1, 1);
        return data.path("TotalCount").asLong(-1);
    }

    /** Reads every page; returns the number of rows and the sum of their codes (so the JIT cannot drop the reads). */
    long[] run() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long rows = 0;
        long codeSum = 0;
        for (int number = 1; ; number++) {
            JsonNode data = page(http, number, pageSize);
            JsonNode list = data.path("List");
            for (JsonNode row : list) {
                codeSum += row.path("Code").asLong();
                rows++;
            }
            long totalPage = data.path("TotalPage").asLong(-1);
            if (list.size() < pageSize || (totalPage >= 0 && number >= totalPage)) {
                break;
            }
        }
        return new long[] {rows, codeSum};
    }

    private JsonNode page(HttpClient http, int number, int size) throws IOException, InterruptedException {
        ObjectNode body = mapper.createObjectNode()
                .put("Action", "DescribeIssueListWithPage")
                .put("ProjectName", project)
                .put("IssueType", "ALL")
                .put("PageNumber", number)
                .put("PageSize", size)
                .put("SortKey", "CODE")
                .put("SortValue", "ASC")
                .put("ShowSubIssues", true);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode envelope = mapper.readTree(response.body()).path("Response");
        if (response.statusCode() != 200 || envelope.has("Error")) {
            throw new IOException("page " + number + ": HTTP " + response.statusCode() + " " + envelope.path("Error"));
        }
        return envelope.path("Data");
    }
}
