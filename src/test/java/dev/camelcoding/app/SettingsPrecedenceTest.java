package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One precedence, as docs/configuration.md states it: --set over --config over environment variables (CODING_*) over
 * routes/application.properties. The environment is given as a map (a test cannot set its own).
 */
class SettingsPrecedenceTest {

    @TempDir
    Path dir;

    private static Properties set(String... pairs) {
        Properties p = new Properties();
        for (String pair : pairs) {
            p.setProperty(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return p;
    }

    private Path config(String... lines) throws Exception {
        Path file = dir.resolve("mine.properties");
        Files.write(file, java.util.List.of(lines));
        return file;
    }

    @Test
    void setWinsOverTheEnvironment() {
        SyncSettings settings = new SyncSettings(
                null,
                set("coding.project=nosuch", "coding.team=other"),
                Map.of("CODING_PROJECT", "demo-project", "CODING_TEAM", "acme"));
        assertThat(settings.get("coding.project")).isEqualTo("nosuch");
        assertThat(settings.get("coding.team")).isEqualTo("other");
    }

    @Test
    void setWinsOverAnEnvironmentValueThatIsInvalid() {
        SyncSettings settings = new SyncSettings(null, set("coding.rate-limit=3"), Map.of("CODING_RATE_LIMIT", "0"));
        assertThat(settings.get("coding.rate-limit")).isEqualTo("3");
        new SettingsCheck(settings).validate(); // no "coding.rate-limit=0 is not allowed"
    }

    @Test
    void theConfigFileWinsOverTheEnvironmentAndSetWinsOverTheConfigFile() throws Exception {
        Path file = config("coding.project=from-file", "coding.team=from-file");
        SyncSettings settings = new SyncSettings(
                file, set("coding.team=from-set"), Map.of("CODING_PROJECT", "from-env", "CODING_TEAM", "from-env"));
        assertThat(settings.get("coding.project")).isEqualTo("from-file");
        assertThat(settings.get("coding.team")).isEqualTo("from-set");
    }

    @Test
    void theEnvironmentWinsOverApplicationProperties() {
        // routes/application.properties: coding.rate-limit=5, coding.mode=polling
        assertThat(new SyncSettings(null, set(), Map.of()).get("coding.rate-limit"))
                .isEqualTo("5");
        SyncSettings settings = new SyncSettings(
                null, set(), Map.of("CODING_RATE_LIMIT", "2", "CODING_MODE", "hybrid", "CODING_API_URL", "http://x"));
        assertThat(settings.get("coding.rate-limit")).isEqualTo("2");
        assertThat(settings.get("coding.mode")).isEqualTo("hybrid");
        assertThat(settings.get("coding.api-url")).isEqualTo("http://x");
    }

    @Test
    void theComponentOptionsFollowTheSameLayers() throws Exception {
        // camel.component.coding.project-name={{coding.project}}: resolved through the same overrides
        SyncSettings settings =
                new SyncSettings(null, set("coding.project=from-set"), Map.of("CODING_PROJECT", "from-env"));
        assertThat(settings.get("camel.component.coding.project-name")).isEqualTo("from-set");
    }

    @Test
    void anUnknownKeyGivenWithSetIsRefusedWithTheNearestKnownOne() {
        assertThatThrownBy(() -> new SyncSettings(null, set("coding.rate-limt=3"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--set coding.rate-limt is not a setting: did you mean coding.rate-limit? (the settings"
                        + " are the keys of routes/application.properties)");
        assertThatThrownBy(() -> new SyncSettings(null, set("coding.sink.jdbc.ur=jdbc:h2:mem:x"), Map.of()))
                .hasMessageStartingWith(
                        "--set coding.sink.jdbc.ur is not a setting: did you mean coding.sink.jdbc.url?");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsRefused() throws Exception {
        Path file = config("coding.webhook.prot=9000");
        assertThatThrownBy(() -> new SyncSettings(file, set(), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("--config " + file
                        + ": coding.webhook.prot is not a setting: did you mean coding.webhook.port?");
    }

    @Test
    void anUnknownCodingEnvironmentVariableIsRefusedWithTheNearestKnownOne() {
        assertThatThrownBy(() -> new SyncSettings(null, set(), Map.of("CODING_RATE_LIMT", "3")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("environment variable CODING_RATE_LIMT is not a setting: did you mean"
                        + " CODING_RATE_LIMIT (coding.rate-limit)?");
    }

    @Test
    void theProductsOwnVariablesAndOtherPrefixesAreNotSettingsAndAreAllowed() {
        SyncSettings settings = new SyncSettings(
                null,
                set("camel.component.coding.max-attempts=1"),
                Map.of(
                        "CODING_TEST_POSTGRES_URL", "jdbc:postgresql://db/x",
                        "CODING_SYNC_JAVA_OPTS", "-Xmx1g",
                        "CODING_OAUTH_CLIENT_SECRET", "s",
                        "PATH", "/usr/bin",
                        "CAMEL_MAIN_NAME", "x"));
        assertThat(settings.get("coding.project")).isEmpty();
    }

    @Test
    void theKeysReadOutsideTheRoutesAreKnown() {
        // every command reads the store's coding.store.* (status, replay and schema too)
        new SyncSettings(
                null,
                set("coding.store.url=jdbc:postgresql://db/store", "coding.store.user=u"),
                Map.of("CODING_STORE_PASSWORD", "p"));
    }

    @Test
    void theHelpStatesThePrecedenceAndWhatExitCode2Means() {
        Cli cli = Cli.run("--help");
        assertThat(cli.out())
                .contains("Settings: --set wins over --config, which wins over CODING_* environment")
                .contains("variables, which win over routes/application.properties.")
                .contains("2  a configuration or command-line mistake: an unknown key, a wrong value,");
    }
}
