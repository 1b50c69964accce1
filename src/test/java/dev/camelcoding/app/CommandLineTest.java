package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line as a new user meets it: help everywhere, typed options, one-line mistakes with exit code 2. */
class CommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"demo", "run", "test", "status", "replay", "verify", "resync", "webhook-url", "simulator"})
    void everyCommandAnswersHelp(String command) {
        Cli cli = Cli.run(command, "--help");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out()).contains("Usage: coding-sync " + command).contains("--help");
        assertThat(cli.err()).doesNotContain("nknown option");
    }

    @Test
    void theTopLevelHelpListsEveryCommandAndTheExitCodes() {
        Cli cli = Cli.run("--help");
        assertThat(cli.exit()).isZero();
        assertThat(cli.out())
                .contains(
                        "demo",
                        "run",
                        "test",
                        "status",
                        "replay",
                        "verify",
                        "resync",
                        "webhook-url",
                        "simulator",
                        "Exit codes:",
                        "3  run: CODING refused");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        Cli cli = Cli.run("status", "--bogus");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err().strip().lines()).hasSize(1);
        assertThat(cli.err()).contains("--bogus", "coding-sync status --help");
    }

    @Test
    void portsAreNumbers() {
        Cli cli = Cli.run("webhook-url", "--port", "eighty");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--port", "eighty");
    }

    @Test
    void setNeedsKeyEqualsValue() {
        Cli cli = Cli.run("status", "--set", "coding.team");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("--set");
    }

    @Test
    void aConfigFileThatIsMissingIsOneLine() {
        Cli cli = Cli.run("status", "--config", "no/such/file.properties");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo("coding-sync status: --config no/such/file.properties: no such" + " readable file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "test"})
    void everyInvalidValueNamesTheKeyTheValueAndTheAllowedValues(String command) {
        String[][] cases = {
            {"coding.sink=nosuch", "coding.sink=nosuch is not allowed: use one of jdbc, jsonl, kafka, log"},
            {"coding.mode=push", "coding.mode=push is not allowed: use one of polling, webhook, hybrid"},
            {"coding.webhook.port=http", "coding.webhook.port=http is not a number: use a whole number from 0 to 65535"
            },
            {"coding.tables=issues,tasks", "coding.tables=issues,tasks: 'tasks' is not a table"},
            {
                "coding.iterations.strategy=replace",
                "coding.iterations.strategy=replace is not allowed: use one of" + " overwrite, diff"
            },
            {"coding.lookback=five minutes", "coding.lookback=five minutes is not a duration: use e.g. 30s, 5m"},
            {"coding.webhook.answer-timeout=soon", "coding.webhook.answer-timeout=soon is not a duration"},
            {
                "coding.start-from=yesterday",
                "coding.start-from=yesterday is not allowed: use beginning, now or an" + " ISO-8601 instant"
            },
            {"coding.page-size=1000", "coding.page-size=1000 is out of range: use a whole number from 1 to 500"},
        };
        for (String[] c : cases) {
            Cli cli = Cli.run(
                    command,
                    "--set",
                    "coding.team=acme",
                    "--set",
                    "coding.project=web",
                    "--set",
                    "coding.token=t",
                    "--set",
                    c[0]);
            assertThat(cli.exit()).as(c[0]).isEqualTo(2);
            assertThat(cli.err().strip().lines()).as(c[0]).hasSize(1);
            assertThat(cli.err()).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void noTeamIsAConfigurationErrorNotACannotConnect() {
        Cli cli = Cli.run("test", "--set", "coding.project=web", "--set", "coding.token=t");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err()).contains("coding.team is not set").doesNotContain("e.coding.net");
    }

    @Test
    void theSimulatorOnATakenPortIsOneLineAndExitCode2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Cli cli = Cli.run("simulator", "--port", Integer.toString(taken.getLocalPort()), "--issues", "1");
            assertThat(cli.exit()).isEqualTo(2);
            assertThat(cli.err().strip().lines()).hasSize(1);
            assertThat(cli.err()).contains("cannot bind", Integer.toString(taken.getLocalPort()), "--port");
        }
    }

    @Test
    void theSimulatorTakesItsClockOffsetAsAnIsoDuration() {
        assertThat(Cli.run("simulator", "--help").out()).contains("--clock-offset");
        Cli wrong = Cli.run("simulator", "--clock-offset", "an hour");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--clock-offset", "an hour");
    }

    @Test
    void enumOptionsListTheirValues() {
        Cli help = Cli.run("webhook-url", "--help");
        assertThat(help.out()).contains("hybrid, webhook");
        Cli wrong = Cli.run("webhook-url", "--mode", "push");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.err()).contains("--mode", "hybrid", "webhook", "push");
        Cli webhookOnly = Cli.run("webhook-url", "--mode", "webhook");
        assertThat(webhookOnly.exit()).isZero();
        assertThat(webhookOnly.out()).contains("coding.mode=webhook ", "coding:issues?mode=webhook&");
    }

    @Test
    void aConfigFileIsReadAndSetWinsOverIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("mine.properties");
        java.nio.file.Files.writeString(file, "coding.data-dir=" + dir.resolve("from-config") + "\n");
        assertThat(Cli.run("status", "--config", file.toString()).out())
                .contains(
                        dir.resolve("from-config").resolve("coding-store.mv.db").toString());
        assertThat(Cli.run("status", "--config", file.toString(), "--set", "coding.data-dir=" + dir.resolve("from-set"))
                        .out())
                .contains(dir.resolve("from-set").resolve("coding-store.mv.db").toString());
    }
}
