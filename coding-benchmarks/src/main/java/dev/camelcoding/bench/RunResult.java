package dev.camelcoding.bench;

/**
 * One measured run.
 *
 * @param mode         raw, camel-noop or camel-h2
 * @param run          1-based run number
 * @param events       rows or events that arrived (all of them, or the run failed)
 * @param nanos        wall time from the start of the run to the last row or event
 * @param listCalls    DescribeIssueListWithPage calls the simulator received, or -1 when unknown
 * @param totalCalls   all Open API calls the simulator received, or -1 when unknown
 * @param heapBase     heap in use after a GC just before the run (bytes)
 * @param heapPeakPools the sum of the heap pools' peak usage during the run (bytes; an upper bound)
 * @param heapPeakSampled the largest heap in use seen by a 10 ms sampler during the run (bytes)
 */
record RunResult(
        String mode,
        int run,
        long events,
        long nanos,
        long listCalls,
        long totalCalls,
        long heapBase,
        long heapPeakPools,
        long heapPeakSampled) {

    double seconds() {
        return nanos / 1e9;
    }

    double perSecond() {
        return events / seconds();
    }
}
