package dev.camelcoding.app;

import dev.camelcoding.component.CodingMode;
import dev.camelcoding.component.CodingTableSelection;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.polling.StartPosition;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.camel.util.TimeUtils;

/**
 * Checks the settings before anything starts, so a mistake is one line naming the key, the value given and what is
 * allowed, instead of a Java enum message, a stack trace, or a value silently replaced (a non-numeric webhook port
 * used to become a random port).
 */
final class SettingsCheck {

    /** The sinks of routes/sinks/. */
    static final List<String> SINKS = List.of("jdbc", "jsonl", "kafka", "log");
    /** The tables routes/coding-sources.camel.yaml has a route for (every CODING table of the component). */
    static final List<String> ROUTED_TABLES = List.of(
            "issues",
            "comments",
            "projectMembers",
            "iterations",
            "projects",
            "issueTypes",
            "issueStatuses",
            "issueFields");

    static final List<String> ISSUE_TYPES = List.of("ALL", "DEFECT", "REQUIREMENT", "MISSION", "EPIC", "SUB_TASK");

    private final SyncSettings settings;

    SettingsCheck(SyncSettings settings) {
        this.settings = settings;
    }

    /** Everything the routes read; throws a {@link ConfigurationException} on the first wrong value. */
    void validate() {
        oneOf("coding.sink", SINKS);
        oneOf("coding.mode", Arrays.stream(CodingMode.values()).map(Enum::name).toList());
        oneOf(
                "coding.iterations.strategy",
                Arrays.stream(IterationStrategy.values()).map(Enum::name).toList());
        oneOf("coding.issue-type", ISSUE_TYPES);
        oneOf("coding.webhook.server", List.of("jetty", "platform-http"));
        integer("coding.webhook.port", 0, 65535);
        integer("coding.poll.delay", 1, Integer.MAX_VALUE);
        integer("coding.page-size", 1, 500);
        integer("coding.batch-size", 1, Integer.MAX_VALUE);
        integer("coding.comment.calls-per-poll", 0, Integer.MAX_VALUE);
        share("coding.comment.rescan-share");
        duration("coding.comment.max-staleness");
        positive("coding.rate-limit");
        oneOf("coding.fetch-issue-detail", List.of("true", "false"));
        duration("coding.lookback");
        duration("coding.reconcile-interval");
        duration("coding.backstop-interval");
        duration("coding.webhook.answer-timeout");
        startFrom();
        tables();
    }

    /** Team and project: needed by every command that talks to CODING. */
    void requireCodingProject() {
        if (settings.get("coding.team").isBlank()
                && settings.get("coding.api-url").isBlank()) {
            throw new ConfigurationException("coding.team is not set: the <team> of https://<team>.coding.net/ ("
                    + SyncSettings.howToSet("coding.team") + ")");
        }
        if (settings.get("coding.project").isBlank()) {
            throw new ConfigurationException("coding.project is not set: the project's URL name, the <project> of"
                    + " https://<team>.coding.net/p/<project> (" + SyncSettings.howToSet("coding.project") + ")");
        }
        if (settings.get("coding.token").isBlank()
                && settings.get("coding.oauth-token").isBlank()
                && settings.get("coding.project-token").isBlank()
                && settings.get(AuthorizeCommand.CREDENTIALS_KEY).isBlank()) {
            throw new ConfigurationException("no CODING credential: set coding.token (a personal access token),"
                    + " coding.oauth.credentials (the file of ./coding-sync authorize), coding.oauth-token, or"
                    + " coding.project-token-user with coding.project-token ("
                    + SyncSettings.howToSet("coding.token") + ")");
        }
    }

    /** The tables coding.tables lists (the routes' tables only). */
    Set<String> tables() {
        String listed = settings.get(CodingTableSelection.PROPERTY);
        Set<String> tables;
        try {
            tables = CodingTableSelection.parse(listed);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
        for (String table : tables) {
            if (!ROUTED_TABLES.contains(table)) {
                throw new ConfigurationException(CodingTableSelection.PROPERTY + "=" + listed + ": '" + table
                        + "' has no route in routes/coding-sources.camel.yaml; use a comma-separated list of "
                        + String.join(", ", ROUTED_TABLES));
            }
        }
        if (tables.isEmpty()) {
            throw new ConfigurationException(CodingTableSelection.PROPERTY + " is empty: list the tables to sync, of "
                    + String.join(", ", ROUTED_TABLES));
        }
        return tables;
    }

    private void oneOf(String key, List<String> allowed) {
        String value = settings.get(key);
        if (!allowed.contains(value)) {
            throw new ConfigurationException(
                    key + "=" + value + " is not allowed: use one of " + String.join(", ", allowed));
        }
    }

    /** Camel's duration syntax, as the component's Duration options take it: 500 (ms), 30s, 5m, 1h, 1h30m. */
    private void duration(String key) {
        String value = settings.get(key);
        boolean valid;
        try {
            valid = !value.isBlank() && !TimeUtils.toDuration(value.trim()).isNegative();
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw new ConfigurationException(key + "=" + value + " is not a duration: use e.g. 30s, 5m, 1h or 1h30m"
                    + " (a plain number is milliseconds)");
        }
    }

    private void startFrom() {
        String value = settings.get("coding.start-from");
        try {
            StartPosition.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("coding.start-from=" + value + " is not allowed: use beginning, now or"
                    + " an ISO-8601 instant such as 2024-05-01T00:00:00Z");
        }
    }

    private void positive(String key) {
        String value = settings.get(key);
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (!(number > 0)) {
            throw new ConfigurationException(
                    key + "=" + value + " is not allowed: use a number above 0 (calls per" + " second, e.g. 5 or 0.5)");
        }
    }

    private void share(String key) {
        String value = settings.get(key);
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (!(number >= 0 && number <= 1)) {
            throw new ConfigurationException(
                    key + "=" + value + " is not allowed: use a share from 0 to 1 (e.g. 0.2" + " for 20 %)");
        }
    }

    private void integer(String key, long min, long max) {
        String value = settings.get(key);
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    key + "=" + value + " is not a number: use a whole number from " + min + " to " + max);
        }
        if (number < min || number > max) {
            throw new ConfigurationException(
                    key + "=" + value + " is out of range: use a whole number from " + min + " to " + max);
        }
    }
}
