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
        Duration hookTimeout) {

    /** The clock's now, cut to whole seconds when CODING's second-precision issue times are simulated. */
    long now() {
        long t = clock.getAsLong();
        return wholeSecondTimestamps ? Math.floorDiv(t, 1000L) * 1000L : t;
    }
}
