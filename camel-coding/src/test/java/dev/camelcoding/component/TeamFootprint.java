package dev.camelcoding.component;

import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * What one CamelContext costs with the four tables of many projects polled through {@code coding:} endpoints (one
 * team, one credential, the embedded store): threads, HTTP clients and heap, each counted against a baseline taken
 * before the context starts, so the simulator's own threads and data are left out.
 */
final class TeamFootprint {

    static final List<String> TABLES = List.of("issues", "iterations", "projectMembers", "comments");
    /** The JDK HTTP client's selector thread: one per HttpClient (jdk.internal.net.http.HttpClientImpl). */
    private static final Pattern SELECTOR = Pattern.compile("HttpClient-(\\d+)-SelectorManager");

    /** The figures of one run: what the context added to the JVM once every endpoint had polled. */
    record Figures(
            int projects,
            int endpoints,
            int threads,
            int httpClients,
            long heapBytes,
            java.util.Map<String, Long> threadKinds) {
        @Override
        public String toString() {
            return projects + " projects x " + TABLES.size() + " tables (" + endpoints + " endpoints): +" + threads
                    + " threads, +" + httpClients + " HTTP clients, +" + heapBytes / (1024 * 1024)
                    + " MiB heap after GC; threads by name: " + threadKinds;
        }
    }

    /** The live threads by name with their numbers and URIs blurred, the most frequent first. */
    static java.util.Map<String, Long> threadKinds() {
        java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            String kind =
                    thread.getName().replaceAll("coding://.*", "coding://...").replaceAll("\\d+", "#");
            kinds.merge(kind, 1L, Long::sum);
        }
        kinds.values().removeIf(n -> n < 5);
        return kinds;
    }

    /** A simulator whose team has {@code projects} small projects named p0, p1... besides its own. */
    static CodingSimulator team(int projects) {
        CodingSimulator.Builder builder = CodingSimulator.builder().issues(3).maxCommentsPerIssue(1);
        for (int i = 0; i < projects; i++) {
            builder.addProject("p" + i, p -> p.issues(3).iterations(1).members(2));
        }
        return builder.start();
    }

    /** Starts the four tables of p0..p{projects-1}, waits until each endpoint polled once, measures, stops. */
    static Figures measure(CodingSimulator sim, int projects, Path data) throws Exception {
        long heapBefore = heapAfterGc();
        int threadsBefore = ownThreads();
        int newestClientBefore = newestHttpClient();
        CamelContext context = new DefaultCamelContext();
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (int i = 0; i < projects; i++) {
                        for (String table : TABLES) {
                            from("coding:" + table + "?teamName=" + sim.team() + "&projectName=p" + i + "&apiUrl="
                                            + sim.baseUrl() + "&token=" + sim.personalToken()
                                            + "&rateLimit=5000&initialDelay=0&reconcileInterval=0&dataDirectory="
                                            + data)
                                    .routeId(table + "-p" + i)
                                    .log(org.apache.camel.LoggingLevel.TRACE, "${header.CamelCodingKey}");
                        }
                    }
                }
            });
            context.start();
            List<CodingEndpoint> endpoints = context.getEndpoints().stream()
                    .filter(CodingEndpoint.class::isInstance)
                    .map(CodingEndpoint.class::cast)
                    .toList();
            await().atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> endpoints.stream()
                            .allMatch(e -> e.status().lastSuccess().isPresent()));
            int threads = ownThreads() - threadsBefore;
            int clients = httpClientsSince(newestClientBefore);
            java.util.Map<String, Long> kinds = threadKinds();
            if (Boolean.getBoolean("team.histogram")) {
                printHistogram();
            }
            long heap = heapAfterGc() - heapBefore;
            return new Figures(projects, endpoints.size(), threads, clients, heap, kinds);
        } finally {
            context.stop();
        }
    }

    /**
     * The live threads but the simulator's: its server pool (32 threads) fills as concurrent requests come, which
     * would count against whichever run came first.
     */
    static int ownThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.getName().startsWith("coding-sim"))
                .count();
    }

    /** Live HTTP clients created after the one numbered {@code newest} (their selector threads). */
    static int httpClientsSince(int newest) {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .map(t -> SELECTOR.matcher(t.getName()))
                .filter(Matcher::matches)
                .filter(m -> Integer.parseInt(m.group(1)) > newest)
                .count();
    }

    /** The number of the newest HTTP client alive (0 when none). */
    static int newestHttpClient() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(t -> SELECTOR.matcher(t.getName()))
                .filter(Matcher::matches)
                .mapToInt(m -> Integer.parseInt(m.group(1)))
                .max()
                .orElse(0);
    }

    /** Where the heap goes (-Dteam.histogram=true): the largest classes of a live-object histogram, by jcmd. */
    private static void printHistogram() throws Exception {
        Process jcmd = new ProcessBuilder(
                        "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(jcmd.getInputStream()))) {
            lines.lines().limit(45).forEach(line -> System.out.println("TeamFootprint histogram: " + line));
        }
        jcmd.waitFor();
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private TeamFootprint() {}
}
