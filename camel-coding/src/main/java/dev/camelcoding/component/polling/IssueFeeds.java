package dev.camelcoding.component.polling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A component's {@link IssueFeed}s, one per source and filters (the issues and comments endpoints' shared part). */
public final class IssueFeeds {

    private final Map<String, IssueFeed> feeds = new ConcurrentHashMap<>();

    /**
     * The feed of the issues listing with these filters: the same for the issues and the comments endpoints of one
     * team, project, issue type and iteration filter.
     */
    public IssueFeed feed(String team, String project, String issueType, String iterationCodes) {
        String key = team + "/" + project + "[" + issueType + ";"
                + (iterationCodes == null ? "" : iterationCodes.replace(" ", "")) + "]";
        return feeds.computeIfAbsent(key, k -> new IssueFeed());
    }
}
