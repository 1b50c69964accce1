package dev.camelcoding.component;

import dev.camelcoding.client.CodingApiException;

/**
 * Told when a consumer of the {@code coding:} component stops on a failure no retry can cure (a refused credential, a
 * missing permission, an unknown project). A team sync registers one ({@code ProjectRoutes}) so that one project's
 * refusal stops that project's routes only, with one line for the project instead of one per table.
 */
@FunctionalInterface
public interface PermanentFailureListener {

    /**
     * @param team    the endpoint's team
     * @param project the endpoint's project (null for the team-wide projects table)
     * @param table   the table (or "schema") whose consumer stopped
     * @return whether the listener reported the failure to the user: the consumer then logs it at DEBUG only
     */
    boolean stopped(String team, String project, String table, CodingApiException failure);
}
