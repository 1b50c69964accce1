package dev.camelcoding.simulator;

import dev.camelcoding.protocol.IterationOffsetMode;
import java.time.Duration;
import java.util.function.LongSupplier;

/** The settings a {@link CodingSimulator.Builder} collected. */
record SimulatorConfig(
        String host,
        int port,
        long seed,
        String team,
        String projectName,
        int issues,
        int iterations,
        int members,
        int maxCommentsPerIssue,
        String personalToken,
        String oauthToken,
        String oauthClientId,
        String oauthClientSecret,
        String projectTokenUser,
        String projectTokenPassword,
        LongSupplier clock,
        IterationOffsetMode iterationOffsetMode,
        String iterationDataKey,
        int authFailureHttpStatus,
        long dataAnchor,
        boolean showSubIssuesByDefault,
        boolean wholeSecondTimestamps,
        Duration hookTimeout,
        long dataSeed,
        long projectIdOverride,
        boolean teamDefault) {

    /**
     * The settings of another project of the same team: same team, tokens and clock (so its users are the team's
     * users, derived from {@link #seed}), its own name, sizes, data seed (issues, iterations, comments) and id.
     */
    SimulatorConfig forProject(String name, int issues, int iterations, int members, long dataSeed, long projectId) {
        return new SimulatorConfig(
                host,
                port,
                seed,
                team,
                name,
                issues,
                iterations,
                members,
                maxCommentsPerIssue,
                personalToken,
                oauthToken,
                oauthClientId,
                oauthClientSecret,
                projectTokenUser,
                projectTokenPassword,
                clock,
                iterationOffsetMode,
                iterationDataKey,
                authFailureHttpStatus,
                dataAnchor,
                showSubIssuesByDefault,
                wholeSecondTimestamps,
                hookTimeout,
                dataSeed,
                projectId,
                false);
    }

    /** The clock's now, cut to whole seconds when CODING's second-precision issue times are simulated. */
    long now() {
        long t = clock.getAsLong();
        return wholeSecondTimestamps ? Math.floorDiv(t, 1000L) * 1000L : t;
    }
}
