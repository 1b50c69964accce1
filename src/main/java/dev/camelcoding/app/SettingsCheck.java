package dev.camelcoding.app;

import dev.camelcoding.client.oauth.FileCredentialStore;
import dev.camelcoding.component.CodingMode;
import dev.camelcoding.component.CodingTableSelection;
import dev.camelcoding.component.IterationStrategy;
import dev.camelcoding.component.changelog.ConsumerGroup;
import dev.camelcoding.component.polling.StartPosition;
import dev.camelcoding.component.schema.RefreshSchedule;
import dev.camelcoding.component.team.ProjectSelection;
import dev.camelcoding.sink.JdbcSinkDriver;
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

    /** Camel's duration syntax: a number of milliseconds, or numbers with units (1h30m, 5 minutes, 7d). */
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile(
            "(\\d+\\s*(ms|millis|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\\s*)+",
            java.util.regex.Pattern.CASE_INSENSITIVE);

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
        integer("coding.reference.poll-delay", 1, Integer.MAX_VALUE);
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
        duration("coding.poll.idle-backoff-after");
        duration("coding.poll.max-idle-delay");
        duration("coding.webhook.answer-timeout");
        startFrom();
        tables();
        projectSelection();
        duration("coding.projects.refresh-interval");
        // every other key of routes/application.properties, so none reaches the routes unchecked
        nonBlank("coding.data-dir", "a directory");
        storeUrl();
        duration("coding.store.lease-duration");
        if (TimeUtils.toDuration(settings.get("coding.store.lease-duration").trim())
                        .toMillis()
                < 300) {
            throw new ConfigurationException(
                    "coding.store.lease-duration=" + settings.get("coding.store.lease-duration")
                            + " is too short: use 300ms or more (the leases are renewed every third of it), e.g. 15s");
        }
        duration("coding.log-retention");
        if (TimeUtils.toDuration(settings.get("coding.log-retention").trim()).isZero()) {
            throw new ConfigurationException("coding.log-retention=" + settings.get("coding.log-retention")
                    + " is not allowed: use a duration above 0, e.g. 3d or 12h");
        }
        apiUrl();
        nonBlank("coding.webhook.host", "a host name or address to listen on, e.g. 0.0.0.0");
        webhookPath();
        oneOf("coding.observe.enabled", List.of("true", "false"));
        nonBlank("coding.observe.host", "a host name or address to listen on, e.g. 0.0.0.0");
        integer("coding.observe.port", 1, 65535);
        oneOf("coding.schema.refresh", List.of("true", "false"));
        parsed("coding.schema.refresh-time", RefreshSchedule::parseDailyTime, "a time of day as HH:mm, e.g. 02:00");
        parsed("coding.schema.time-zone", RefreshSchedule::parseZone, "a time zone id, e.g. Asia/Shanghai or UTC");
        parsed(
                "coding.schema.refresh-cron",
                cron -> RefreshSchedule.hourlyCron(cron, "", ""),
                "a Quartz cron expression, e.g. 0 15 * * * ?, or nothing (each project at its own minute of the hour)");
        integer("coding.schema.model-threshold", 1, Integer.MAX_VALUE);
        integer("coding.sink.throttle.rate", 1, Integer.MAX_VALUE);
        consumerGroup();
        sink();
        oauthCredentials();
    }

    /** coding.sink.consumer-group: empty, or a name that can prefix an offset's key in the store (no separator). */
    private void consumerGroup() {
        String value = settings.get("coding.sink.consumer-group");
        try {
            ConsumerGroup.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("coding.sink.consumer-group=" + value + " is not allowed: use empty (the"
                    + " processes on the store write one shared sink) or 1 to " + ConsumerGroup.MAX_LENGTH
                    + " letters, digits, '.', '_' or '-' naming this process's own sink, e.g. sink-b");
        }
    }

    /** The keys of the chosen sink: a URL the sink speaks, its bounded waits, the directory, the brokers. */
    private void sink() {
        switch (settings.get("coding.sink")) {
            case "jdbc" -> {
                parsed(
                        "coding.sink.jdbc.url",
                        JdbcSinkDriver::className,
                        "an H2 (jdbc:h2:...) or PostgreSQL (jdbc:postgresql://host:5432/db) URL");
                // Hikari refuses waits under 250 ms; 0 means no limit for a statement or a socket read
                integer("coding.sink.jdbc.connection-timeout", 250, Integer.MAX_VALUE);
                integer("coding.sink.jdbc.validation-timeout", 250, Integer.MAX_VALUE);
                integer("coding.sink.jdbc.query-timeout", 0, Integer.MAX_VALUE);
                integer("coding.sink.jdbc.socket-timeout", 0, Integer.MAX_VALUE);
            }
            case "jsonl" -> nonBlank("coding.sink.jsonl.dir", "a directory");
            case "kafka" -> brokers();
            default -> {}
        }
    }

    private void brokers() {
        String value = settings.get("coding.sink.kafka.brokers");
        for (String broker : value.split(",", -1)) {
            java.net.URI address;
            try {
                address = java.net.URI.create("tcp://" + broker.trim());
            } catch (IllegalArgumentException e) {
                address = null;
            }
            if (address == null || address.getHost() == null || address.getPort() < 0) {
                throw new ConfigurationException("coding.sink.kafka.brokers=" + value
                        + " is not allowed: use host:port, comma-separated, e.g. kafka1:9092,kafka2:9092");
            }
        }
    }

    private void apiUrl() {
        String value = settings.get("coding.api-url").trim();
        if (value.isEmpty()) {
            return;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(value);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigurationException("coding.api-url=" + value + " is not allowed: use an http(s) URL such"
                    + " as https://<team>.coding.net/open-api, or leave it empty");
        }
    }

    private void webhookPath() {
        String value = settings.get("coding.webhook.path");
        if (!value.startsWith("/") || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigurationException("coding.webhook.path=" + value + " is not allowed: use a URL path"
                    + " starting with / (./coding-sync webhook-url generates one)");
        }
    }

    /** The store's URL: empty (the embedded file in coding.data-dir), or H2 or PostgreSQL, the store's databases. */
    private void storeUrl() {
        String value = settings.get(StoreSettings.URL_KEY).trim();
        if (!value.isEmpty() && !value.startsWith("jdbc:h2:") && !value.startsWith("jdbc:postgresql:")) {
            throw new ConfigurationException(StoreSettings.URL_KEY + "=" + StoreSettings.masked(value)
                    + " is not allowed: use a PostgreSQL URL (jdbc:postgresql://host:5432/db) or an H2 one"
                    + " (jdbc:h2:...), or leave it empty for the embedded store in coding.data-dir");
        }
    }

    /**
     * The OAuth credentials file, when named and present, must be one ./coding-sync authorize wrote (a missing file
     * is {@code test}'s "OAuth grant" check, which says to authorize).
     */
    private void oauthCredentials() {
        String value = settings.get(AuthorizeCommand.CREDENTIALS_KEY).trim();
        if (value.isEmpty() || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(value))) {
            return;
        }
        try {
            new FileCredentialStore(java.nio.file.Path.of(value)).load();
        } catch (RuntimeException e) {
            throw new ConfigurationException(AuthorizeCommand.CREDENTIALS_KEY + "=" + value + " is not a credentials"
                    + " file of ./coding-sync authorize: run ./coding-sync authorize --credentials " + value
                    + " again (it writes the file)");
        }
    }

    private void nonBlank(String key, String allowed) {
        if (settings.get(key).isBlank()) {
            throw new ConfigurationException(key + " is empty: use " + allowed);
        }
    }

    /** A value the component parses itself: the same parser, so what passes here passes there. */
    private void parsed(String key, java.util.function.Function<String, ?> parser, String allowed) {
        String value = settings.get(key);
        try {
            parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigurationException(
                    key + "=" + StoreSettings.masked(value) + " is not allowed: use " + allowed);
        }
    }

    /** coding.project or coding.projects (with coding.projects.exclude): one of them, not both. */
    ProjectSelection projectSelection() {
        try {
            return ProjectSelection.of(
                    settings.get(ProjectSelection.PROJECT_KEY),
                    settings.get(ProjectSelection.PROJECTS_KEY),
                    settings.get(ProjectSelection.EXCLUDE_KEY));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /**
     * Team, credential and the projects: {@code coding.project}, or a team selection ({@code coding.projects}), as
     * {@code run} and {@code test} take them.
     */
    ProjectSelection requireCodingProjects() {
        ProjectSelection selection = projectSelection();
        if (selection.isTeam()) {
            requireTeamAndCredential();
            return selection;
        }
        requireCodingProject();
        return selection;
    }

    /** Team and project: needed by every command that talks to CODING. */
    void requireCodingProject() {
        if (settings.get("coding.team").isBlank()) {
            // even with coding.api-url: the change log keeps its entries per team, project and table
            throw new ConfigurationException("coding.team is not set: the <team> of https://<team>.coding.net/ ("
                    + SyncSettings.howToSet("coding.team") + "; the change log is kept per team, so it is needed"
                    + " with coding.api-url too)");
        }
        if (settings.get("coding.project").isBlank()) {
            throw new ConfigurationException("coding.project is not set: the project's URL name, the <project> of"
                    + " https://<team>.coding.net/p/<project> (" + SyncSettings.howToSet("coding.project") + "), or"
                    + " coding.projects for several (* or a list; run and test take it)");
        }
        requireTeamAndCredential();
    }

    private void requireTeamAndCredential() {
        if (settings.get("coding.team").isBlank()) {
            throw new ConfigurationException("coding.team is not set: the <team> of https://<team>.coding.net/ ("
                    + SyncSettings.howToSet("coding.team") + ")");
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
            // Camel's parser reads text it does not know as 0 ("forever" was PT0S): the syntax is checked first
            valid = DURATION.matcher(value.trim()).matches()
                    && !TimeUtils.toDuration(value.trim()).isNegative();
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
