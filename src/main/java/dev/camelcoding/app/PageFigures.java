package dev.camelcoding.app;

import java.util.Map;

/**
 * What the monitoring page's JSON endpoint serves: the {@link StatusReport} (the document {@code status --json}
 * prints) and the running process's live figures.
 */
record PageFigures(StatusReport status, Live live) {

    /**
     * The figures only the running process knows.
     *
     * @param process             this process (pid@host), the one serving the page
     * @param eventsPerMinute     per source ("project/table"), the events delivered in each of the last 60 minutes,
     *                            oldest first
     * @param callsPerSecond      calls to CODING per second over the last minute (every table of the credential)
     * @param rateInForce         the credential's rate in force now (calls a second; the lowest its clients asked)
     * @param budgetInUse         callsPerSecond / rateInForce, 0 to 1
     * @param readersHere         per source ("project/table"), whether this process reads it: it holds the source's
     *                            change log reader lease (no log: it has the source's endpoint)
     */
    record Live(
            String process,
            Map<String, long[]> eventsPerMinute,
            double callsPerSecond,
            double rateInForce,
            double budgetInUse,
            Map<String, Boolean> readersHere) {}
}
