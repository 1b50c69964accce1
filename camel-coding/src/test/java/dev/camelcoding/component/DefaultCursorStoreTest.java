package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor file the component keeps by default holds project data: private to its user, and saved durably. */
class DefaultCursorStoreTest {

    @Test
    void theDataDirectoryIs0700AndTheCursorFile0600(@TempDir Path tmp) throws Exception {
        CodingComponent component = new CodingComponent();
        Path data = tmp.resolve("data");
        StateRepository<String, String> store = component.fileStateRepository(data.toString());
        store.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":42}");

        Path file = data.resolve("coding-state.dat");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("coding:acme/web/issues[ALL]:issues={\"cursor\":42}\n");
        component.stop();
    }
}
