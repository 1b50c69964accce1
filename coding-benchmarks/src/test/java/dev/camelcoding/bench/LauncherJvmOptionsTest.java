package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM options {@code ./coding-sync} starts the application with, and the same options in the benchmarks' children
 * (what is measured is what users run). The script is run for real, with a {@code java} on the PATH that prints its
 * arguments instead of starting a JVM, from a copy whose jar is present and whose sources are not (so it builds
 * nothing).
 */
class LauncherJvmOptionsTest {

    private static final Path SCRIPT = Path.of("..", "coding-sync");

    @TempDir
    Path dir;

    @Test
    void withoutUserOptionsTheApplicationRunsOnTheSerialCollector() throws Exception {
        assertThat(launch("")).containsExactly("-XX:+UseSerialGC", "-jar", "<jar>", "status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-Xmx1g", "-XX:+UseG1GC", "-Xmx512m -XX:+UseParallelGC -Dx=y", "-XX:+UseZGC"})
    void theBenchmarksChildrenGetWhatTheScriptGives(String userOptions) throws Exception {
        List<String> script = launch(userOptions);
        List<String> jvmOptions = script.subList(0, script.indexOf("-jar"));
        assertThat(AppJar.launcherJvmOptions(userOptions)).isEqualTo(jvmOptions);
    }

    @Test
    void aCollectorTheUserChoosesReplacesTheDefault() throws Exception {
        // two collectors on one command line: the JVM refuses to start ("Conflicting collector combinations")
        assertThat(launch("-XX:+UseG1GC -Xmx1g")).containsExactly("-XX:+UseG1GC", "-Xmx1g", "-jar", "<jar>", "status");
        assertThat(launch("-Xmx1g")).containsExactly("-XX:+UseSerialGC", "-Xmx1g", "-jar", "<jar>", "status");
    }

    /** Runs a copy of the real script with the given CODING_SYNC_JAVA_OPTS; the arguments its java received. */
    private List<String> launch(String userOptions) throws Exception {
        Path copy = dir.resolve("coding-sync");
        Files.copy(SCRIPT, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path jar = dir.resolve("target/app/coding-sync.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not a jar: the fake java below never opens it");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", copy.toString(), "status").redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("CODING_SYNC_JAVA_OPTS", userOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return Arrays.stream(out.split("\n"))
                .filter(s -> !s.isEmpty())
                .map(s -> s.equals(jar.toString()) ? "<jar>" : s)
                .toList();
    }
}
