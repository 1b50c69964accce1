package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every value of routes/application.properties is checked before anything starts: a wrong one is one line naming the
 * key, the value and what is allowed, exit code 2, for {@code test} as for {@code run}.
 */
class ValueChecksTest {

    @TempDir
    Path dir;

    private static Cli command(String command, String... sets) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                command, "--set", "coding.team=acme", "--set", "coding.project=web", "--set", "coding.token=t"));
        for (String pair : sets) {
            args.add("--set");
            args.add(pair);
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "test"})
    void everyKeyIsCheckedWithOneLineNamingKeyValueAndWhatIsAllowed(String command) {
        String[][] cases = {
            {"coding.observe.port=-1", "coding.observe.port=-1 is out of range: use a whole number from 1 to 65535"},
            {"coding.observe.port=abc", "coding.observe.port=abc is not a number: use a whole number from 1 to 65535"},
            {"coding.observe.enabled=yes", "coding.observe.enabled=yes is not allowed: use one of true, false"},
            {"coding.schema.refresh=sometimes", "coding.schema.refresh=sometimes is not allowed: use one of true, false"
            },
            {
                "coding.schema.refresh-time=2am",
                "coding.schema.refresh-time=2am is not allowed: use a time of day as HH:mm"
            },
            {"coding.schema.time-zone=Mars/Base", "coding.schema.time-zone=Mars/Base is not allowed: use a time zone id"
            },
            {"coding.schema.model-threshold=0", "coding.schema.model-threshold=0 is out of range"},
            {
                "coding.schema.refresh-cron=hourly",
                "coding.schema.refresh-cron=hourly is not allowed: use a Quartz cron expression"
            },
            {"coding.sink.throttle.rate=fast", "coding.sink.throttle.rate=fast is not a number"},
            {
                "coding.sink.jdbc.connection-timeout=10",
                "coding.sink.jdbc.connection-timeout=10 is out of range: use a" + " whole number from 250"
            },
            {"coding.sink.jdbc.query-timeout=-1", "coding.sink.jdbc.query-timeout=-1 is out of range"},
            {"coding.log-retention=forever", "coding.log-retention=forever is not a duration"},
            {"coding.api-url=coding.net", "coding.api-url=coding.net is not allowed: use an http(s) URL"},
            {"coding.webhook.path=coding", "coding.webhook.path=coding is not allowed: use a URL path starting with /"},
            {
                "coding.store.url=postgres://db",
                "coding.store.url=postgres://db is not allowed: use a PostgreSQL URL (jdbc:postgresql://"
            },
            {"coding.store.url=jdbc:mysql://db/x", "coding.store.url=jdbc:mysql://db/x is not allowed"},
            {"coding.data-dir=", "coding.data-dir is empty: use a directory"},
            {
                // the group prefixes an offset's key in the store: no separator (/, @), nothing to quote
                "coding.sink.consumer-group=sink/b",
                "coding.sink.consumer-group=sink/b is not allowed: use empty (the processes on the store write one"
                        + " shared sink) or 1 to 64 letters, digits"
            },
            {
                "coding.sink=kafka,coding.sink.kafka.brokers=kafka",
                "coding.sink.kafka.brokers=kafka is not allowed: use" + " host:port"
            },
        };
        for (String[] c : cases) {
            Cli cli = command(command, c[0].split(",(?=coding\\.)"));
            assertThat(cli.exit()).as(c[0]).isEqualTo(2);
            assertThat(cli.err().strip().lines()).as(c[0]).hasSize(1);
            assertThat(cli.err()).as(c[0]).contains("coding-sync " + command + ": " + c[1]);
        }
    }

    @Test
    void progressSecondsBelowOneIsRefused() {
        Cli cli = Cli.run("run", "--progress-seconds=0");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.err().strip())
                .isEqualTo(
                        "coding-sync run: --progress-seconds=0 is not allowed: use a whole number of seconds from 1");
    }

    @Test
    void noTeamWithAnApiUrlIsAConfigurationMistakeNotAFailedSinkCheck() {
        Cli cli = Cli.run(
                "test",
                "--set",
                "coding.project=web",
                "--set",
                "coding.token=t",
                "--set",
                "coding.api-url=http://127.0.0.1:9/open-api");
        assertThat(cli.exit()).isEqualTo(2);
        assertThat(cli.out()).doesNotContain("[failed]");
        assertThat(cli.err().strip())
                .startsWith("coding-sync test: coding.team is not set: the <team> of https://<team>.coding.net/")
                .contains("the change log is kept per team, so it is needed with coding.api-url too");
    }

    @Test
    void anOAuthCredentialsFileThatIsNotOneIsOneLineSayingToAuthorizeAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("coding-oauth.json"), "{}");
        for (String command : java.util.List.of("test", "run")) {
            Cli cli = Cli.run(
                    command,
                    "--set",
                    "coding.team=acme",
                    "--set",
                    "coding.project=web",
                    "--set",
                    "coding.oauth.credentials=" + file);
            assertThat(cli.exit()).as(command).isEqualTo(2);
            assertThat(cli.err().strip())
                    .as(command)
                    .isEqualTo("coding-sync " + command + ": coding.oauth.credentials=" + file + " is not a"
                            + " credentials file of ./coding-sync authorize: run ./coding-sync authorize --credentials "
                            + file + " again (it writes the file)");
        }
    }
}
