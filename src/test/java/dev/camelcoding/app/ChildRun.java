package dev.camelcoding.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./coding-sync <command>} as a user starts it: a child JVM running the application's main class in this
 * module's directory (routes/ as a clone has it), its stdout and stderr kept in files, stopped as Ctrl-C or a service
 * manager stops it (SIGTERM: the JVM's shutdown hooks run).
 */
final class ChildRun implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildRun(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code command} with each {@code key=value} of {@code sets} as a {@code --set}, output under {@code dir}. */
    static ChildRun start(Path dir, List<String> command, List<String> sets) throws IOException {
        List<String> args = new ArrayList<>(command);
        for (String pair : sets) {
            args.add("--set");
            args.add(pair);
        }
        return startMain(dir, CodingSync.class, args);
    }

    /** Starts {@code main} of this module's class path with {@code args}, output under {@code dir}. */
    static ChildRun startMain(Path dir, Class<?> main, List<String> args) throws IOException {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                main.getName()));
        line.addAll(args);
        Files.createDirectories(dir);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder =
                new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        return new ChildRun(builder.start(), out, err);
    }

    /** What it printed so far on stdout. */
    String out() {
        return read(out);
    }

    /** What it printed so far on stderr (the log). */
    String err() {
        return read(err);
    }

    /** Stops it as Ctrl-C does (SIGTERM) and waits for its exit; its exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        // a stop takes seconds; one still under way after 8 s is stuck: its threads say where (printed on failure)
        String early = process.waitFor(8, TimeUnit.SECONDS) ? "" : threadDump();
        String late = early.isEmpty() || process.waitFor(40, TimeUnit.SECONDS) ? "" : threadDump();
        if (!process.waitFor(12, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            System.out.println("child stderr:\n" + err() + "\nchild threads 8 s after SIGTERM:\n" + early
                    + "\nchild threads 48 s after SIGTERM:\n" + late);
            // the busy threads in the message itself: a CI log shows a failure's message, not always its output
            throw new AssertionError("the child did not stop within 60 s of SIGTERM; its busy threads 48 s after it:\n"
                    + BusyThreads.of(late));
        }
        if (!early.isEmpty()) {
            System.out.println("child threads 8 s after SIGTERM (it stopped later):\n" + early);
        }
        System.out.println("child stdout:\n" + out() + "\nchild stderr:\n" + err());
        return process.exitValue();
    }

    /** The child's threads as {@code jcmd <pid> Thread.print} prints them: why a stop hangs. */
    private String threadDump() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    /** Whether it still runs (a run that refused its settings has exited with code 2). */
    boolean alive() {
        return process.isAlive();
    }

    /** The child's process id (a lease holder's id is {@code node-<pid>-<suffix>}). */
    long pid() {
        return process.pid();
    }

    /** Kills it as {@code kill -9} does: no shutdown hook runs, nothing is released or flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
