package dev.camelcoding.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --heap-check}: a no-op backfill of (by default) 1,000,000 issues in a child JVM limited to {@code -Xmx256m},
 * while the simulator serves from another child process (at a million issues it needs ~180 MB of its own, which must
 * not count against the 256 MB). Both children use this JVM's java binary and class path; both are destroyed at the
 * end, and by a shutdown hook if this JVM is interrupted.
 */
final class HeapCheck {

    private static final Pattern SERVING = Pattern.compile("CODING simulator serving (\\S+)");
    private static final Pattern TOKEN = Pattern.compile("Authorization: token (\\S+)");
    private static final Pattern PROJECT = Pattern.compile("^\\s*project:\\s+(\\S+)");
    private static final double MB = 1024d * 1024d;

    private final BenchOptions o;
    private final List<Process> children = new CopyOnWriteArrayList<>();
    private final String java =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");

    HeapCheck(BenchOptions options) {
        this.o = options;
    }

    int run() throws Exception {
        Thread hook = new Thread(this::destroyChildren, "bench-destroy-children");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return check();
        } finally {
            destroyChildren();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private int check() throws Exception {
        System.out.println(
                "Heap check: no-op backfill of " + o.issues() + " issues in a child JVM with -Xmx" + o.childXmx());
        System.out.println("  machine: " + BackfillBenchmark.machine());
        String url;
        String token;
        String project;
        if (o.externalUrl() != null) {
            url = o.externalUrl();
            token = o.token();
            project = o.project();
            System.out.println("  simulator: external, " + url);
        } else {
            List<String> cmd = List.of(
                    java,
                    "-cp",
                    classPath,
                    "dev.camelcoding.simulator.SimulatorMain",
                    "--port",
                    "0",
                    "--issues",
                    Integer.toString(o.issues()),
                    "--project",
                    o.project());
            System.out.println("  simulator: child process: java -cp <this class path> "
                    + "dev.camelcoding.simulator.SimulatorMain --port 0 --issues " + o.issues());
            long t0 = System.nanoTime();
            Process sim = start(cmd);
            Map<String, String> found = awaitSimulator(sim, Math.max(120, o.timeoutSeconds()));
            url = found.get("url");
            token = found.get("token");
            project = found.getOrDefault("project", o.project());
            System.out.printf(
                    Locale.ROOT,
                    "  simulator ready in %.1f s at %s (pid %d)%n",
                    (System.nanoTime() - t0) / 1e9,
                    url,
                    sim.pid());
        }

        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx" + o.childXmx(),
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                classPath,
                BackfillBenchmark.class.getName(),
                "--child",
                "--external-simulator",
                url,
                "--token",
                token,
                "--project",
                project,
                "--issues",
                Integer.toString(o.issues()),
                "--page-size",
                Integer.toString(o.pageSize()),
                "--timeout",
                Long.toString(o.timeoutSeconds())));
        System.out.println("  child: java -Xmx" + o.childXmx() + " -XX:+ExitOnOutOfMemoryError -cp <this class path> "
                + BackfillBenchmark.class.getName() + " --child --external-simulator " + url + " ...");
        long t0 = System.nanoTime();
        Process child = start(cmd);
        Map<String, String> result = new HashMap<>();
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.startsWith(BackfillBenchmark.CHILD_RESULT)) {
                                for (String kv : line.substring(BackfillBenchmark.CHILD_RESULT.length())
                                        .trim()
                                        .split(" ")) {
                                    int eq = kv.indexOf('=');
                                    if (eq > 0) {
                                        result.put(kv.substring(0, eq), kv.substring(eq + 1));
                                    }
                                }
                            } else {
                                System.out.println("  | " + line);
                            }
                        }
                    } catch (IOException ignored) {
                        // the child is gone
                    }
                },
                "bench-child-output");
        pump.start();
        boolean exited = child.waitFor(o.timeoutSeconds() + 120, TimeUnit.SECONDS);
        long wall = System.nanoTime() - t0;
        if (!exited) {
            child.destroyForcibly();
        }
        pump.join(5_000);
        int exit = exited ? child.exitValue() : -1;
        boolean completed = exited && exit == 0 && result.containsKey("events");

        long n = o.issues();
        System.out.println();
        System.out.printf(Locale.ROOT, "Heap check: %d issues, no-op route, child JVM -Xmx%s%n", n, o.childXmx());
        System.out.printf(
                Locale.ROOT,
                "  completed:           %s (exit code %s)%n",
                completed ? "YES" : "NO",
                exited ? Integer.toString(exit) : "none: killed after the timeout");
        System.out.printf(
                Locale.ROOT,
                "  child JVM wall time: %.1f s (JVM start, count probe, context start included)%n",
                wall / 1e9);
        if (completed) {
            long events = Long.parseLong(result.get("events"));
            double seconds = Long.parseLong(result.get("nanos")) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "  backfill:            %d events in %.1f s, %.0f issues/s%n",
                    events,
                    seconds,
                    events / seconds);
            System.out.printf(
                    Locale.ROOT,
                    "  API calls:           %s list, %s total (budget ceil(N/pageSize)+3 = %d)%n",
                    calls(result.get("listCalls")),
                    calls(result.get("totalCalls")),
                    (n + o.pageSize() - 1) / o.pageSize() + 3);
            System.out.printf(
                    Locale.ROOT,
                    "  child max heap:      %.0f MB (Runtime.maxMemory)%n",
                    Long.parseLong(result.get("maxHeap")) / MB);
            System.out.printf(
                    Locale.ROOT,
                    "  child heap:          base %.0f MB, peak %.0f MB (pools), %.0f MB (sampled)%n",
                    Long.parseLong(result.get("heapBase")) / MB,
                    Long.parseLong(result.get("heapPeakPools")) / MB,
                    Long.parseLong(result.get("heapPeakSampled")) / MB);
            System.out.printf(
                    Locale.ROOT,
                    "  child GC:            %s collections, %s ms%n",
                    result.get("gcCount"),
                    result.get("gcMillis"));
        }
        System.out.println(
                "  target: " + n + " issues under -Xmx" + o.childXmx() + ": " + (completed ? "PASS" : "FAIL"));
        return completed ? 0 : 1;
    }

    private static String calls(String n) {
        return n == null || n.startsWith("-") ? "n/a" : n;
    }

    private Process start(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        children.add(p);
        return p;
    }

    /** Reads the simulator's banner until it names its URL and token; keeps draining its output afterwards. */
    private Map<String, String> awaitSimulator(Process sim, long timeoutSeconds) throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the simulator is gone
                    }
                    lines.add("\u0000EOF");
                },
                "bench-simulator-output");
        reader.setDaemon(true);
        reader.start();
        Map<String, String> found = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!(found.containsKey("url") && found.containsKey("token"))) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IllegalStateException("the simulator did not print its URL within " + timeoutSeconds + " s");
            }
            if (line.equals("\u0000EOF")) {
                throw new IllegalStateException(
                        "the simulator exited before serving (exit code " + sim.waitFor() + ")");
            }
            Matcher m;
            if ((m = SERVING.matcher(line)).find()) {
                found.put("url", m.group(1));
            } else if ((m = TOKEN.matcher(line)).find()) {
                found.put("token", m.group(1));
            } else if ((m = PROJECT.matcher(line)).find()) {
                found.put("project", m.group(1));
            }
        }
        // Keep draining (the queue is discarded; the simulator prints little after its banner).
        Thread drain = new Thread(
                () -> {
                    try {
                        while (!lines.take().equals("\u0000EOF")) {
                            // discard
                        }
                    } catch (InterruptedException ignored) {
                        // done
                    }
                },
                "bench-simulator-drain");
        drain.setDaemon(true);
        drain.start();
        return found;
    }

    private void destroyChildren() {
        for (Process p : children) {
            if (p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : children) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
