package dev.camelcoding.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call of CODING's Open API, without retries: the Action with its parameters, answered with the unwrapped
 * {@code Response} object, or a classified {@link CodingApiException}. {@link CodingApiClient} puts its rate limit,
 * retries and OAuth renewal around it; the real one POSTs over HTTP.
 *
 * <p>The seam for consumer tests (as camel-github's services and camel-jira's client factory are): a bean of this
 * type in the CamelContext's registry replaces HTTP for every {@code coding:} endpoint of the context, so a small
 * stub can drive edge cases (a listing that shrinks mid-pass, an error on one page) without a whole simulator.
 */
@FunctionalInterface
public interface CodingOpenApi {

    /**
     * @param action        the Open API Action (DescribeIssueListWithPage, ...)
     * @param params        its parameters (the JSON body)
     * @param authorization the value of the Authorization header for this call (never to be logged)
     */
    JsonNode call(String action, ObjectNode params, String authorization);
}
