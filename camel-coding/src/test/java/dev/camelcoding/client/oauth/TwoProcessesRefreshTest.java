package dev.camelcoding.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.simulator.CodingSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes on one credentials file whose access token CODING has dropped: both are refused, both want to
 * refresh, and CODING invalidates a refresh token once it is spent. With the file lock one refreshes and the other
 * takes its tokens; without it the second would spend the dead refresh token and lose the grant.
 */
class TwoProcessesRefreshTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesOnOneStoreRefreshOnce() throws Exception {
        try (CodingSimulator sim = CodingSimulator.builder().issues(3).start()) {
            Path file = dir.resolve("coding-oauth.json");
            Grants.authorize(sim, file, Clock.systemUTC());
            sim.oauth().dropAccessToken(1);

            List<Process> children = new ArrayList<>();
            List<BufferedReader> outputs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Process child = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-cp",
                                testClassPath(),
                                RefreshChild.class.getName(),
                                file.toString(),
                                sim.baseUrl())
                        .redirectErrorStream(true)
                        .start();
                children.add(child);
                outputs.add(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
            }
            try {
                for (BufferedReader out : outputs) {
                    assertThat(readUntil(out, "ready")).as("child started").isTrue();
                }
                for (Process child : children) { // both go at once
                    OutputStream in = child.getOutputStream();
                    in.write("go\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
                for (int i = 0; i < 2; i++) {
                    assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                    String rest = String.join(" | ", outputs.get(i).lines().toList());
                    assertThat(children.get(i).exitValue())
                            .as("child %d: %s", i, rest)
                            .isZero();
                    assertThat(rest).contains("ok");
                }
            } finally {
                children.forEach(Process::destroyForcibly);
            }
            assertThat(sim.oauth().refreshes()).isEqualTo(1);
            assertThat(sim.oauth().refusals()).isZero();
            assertThat(sim.oauth().calls()).hasSize(2);
        }
    }

    private static boolean readUntil(BufferedReader out, String line) throws Exception {
        for (String l = out.readLine(); l != null; l = out.readLine()) {
            if (l.equals(line)) {
                return true;
            }
        }
        return false;
    }

    /** Surefire runs tests from a manifest-only jar; its real class path is in surefire.test.class.path. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
