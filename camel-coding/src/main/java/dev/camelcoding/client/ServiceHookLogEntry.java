package dev.camelcoding.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One delivery attempt of a Service Hook as DescribeServiceHookLogs shows it (contract §4.1 {@code Log[]}), without
 * the request and response bodies.
 *
 * @param id the log entry's id
 * @param event the event code delivered ({@code PING} for a ping)
 * @param sentAt epoch ms CODING sent it ({@code SendAt}, else {@code CreatedAt})
 * @param succeeded whether the receiver answered 2xx ({@code Status} 1)
 * @param responseStatus the receiver's HTTP status, 0 when none came
 * @param responseBody what the receiver answered, or why there was no answer (e.g. a timeout); may be long
 */
public record ServiceHookLogEntry(
        String id, String event, long sentAt, boolean succeeded, int responseStatus, String responseBody) {

    static ServiceHookLogEntry of(JsonNode log) {
        long sent = Json.longValue(log, "SendAt", 0);
        return new ServiceHookLogEntry(
                log.path("Id").asText(""),
                log.path("Event").asText(""),
                sent > 0 ? sent : Json.longValue(log, "CreatedAt", 0),
                log.path("Status").asInt(0) == 1,
                log.path("ResponseStatus").asInt(0),
                log.path("ResponseBody").asText(""));
    }
}
