package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every default that names a file follows coding.data-dir: nothing of a sync is left in ./data when it is set. */
class DataDirectoryDefaultsTest {

    @TempDir
    Path dir;

    private SyncSettings settings(String dataDir) {
        Properties set = new Properties();
        set.setProperty("coding.data-dir", dataDir);
        return new SyncSettings(null, set, Map.of());
    }

    @Test
    void everyDefaultFileIsUnderTheDataDirectory() {
        Path data = dir.resolve("sync");
        SyncSettings settings = settings(data.toString());
        assertThat(settings.get("coding.sink.jdbc.url"))
                .isEqualTo("jdbc:h2:file:" + data + "/coding;AUTO_SERVER=TRUE;WRITE_DELAY=0");
        assertThat(WritablePaths.h2File(settings.get("coding.sink.jdbc.url"))).contains(data.resolve("coding.mv.db"));
        assertThat(settings.get("coding.sink.jsonl.dir"))
                .isEqualTo(data.resolve("jsonl").toString());
        assertThat(new StoreSettings(settings).embeddedFile()).isEqualTo(data.resolve("coding-store.mv.db"));
        assertThat(AuthorizeCommand.credentialsFile(settings, null)).isEqualTo(data.resolve("coding-oauth.json"));
        // the component's own store (coding-store.mv.db, when it opens one) is under its data-directory option
        assertThat(settings.get("camel.component.coding.data-directory")).isEqualTo(data.toString());
    }

    @Test
    void aRelativeDataDirectoryIsMadeAbsoluteSoH2TakesIt() {
        // H2 refuses jdbc:h2:file:data/coding ("implicitly relative to the current working directory")
        SyncSettings settings = settings("mine");
        Path data = Path.of("mine").toAbsolutePath();
        assertThat(settings.get("coding.data-dir")).isEqualTo(data.toString());
        assertThat(settings.get("coding.sink.jdbc.url")).startsWith("jdbc:h2:file:" + data + "/coding;");
    }

    @Test
    void anExplicitPathIsKept() {
        Properties set = new Properties();
        set.setProperty("coding.data-dir", dir.resolve("a").toString());
        set.setProperty("coding.sink.jsonl.dir", dir.resolve("elsewhere").toString());
        SyncSettings settings = new SyncSettings(null, set, Map.of());
        assertThat(settings.get("coding.sink.jsonl.dir"))
                .isEqualTo(dir.resolve("elsewhere").toString());
    }
}
