package dev.camelcoding.component.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFileStateRepositoryTest {

    @TempDir
    Path tmp;

    @Test
    void aSavedCursorIsForcedToDiskBeforeSetStateReturnsAndIsReadBackByTheNextProcess() throws IOException {
        DurableFilesTest.RecordingSync sync = new DurableFilesTest.RecordingSync();
        Path file = tmp.resolve("data/coding-state.dat");
        DurableFileStateRepository repository = new DurableFileStateRepository(file, new DurableFiles(sync), 1 << 20);
        repository.start();
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":1}");
        assertThat(sync.calls).contains("force coding-state.dat");
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":2}");
        assertThat(sync.calls.stream().filter(c -> c.equals("force coding-state.dat")))
                .hasSize(2);
        repository.stop();

        assertThat(DurableFilesTest.mode(file)).isEqualTo("rw-------");
        assertThat(DurableFilesTest.mode(file.getParent())).isEqualTo("rwx------");
        DurableFileStateRepository restarted = new DurableFileStateRepository(file);
        restarted.start();
        assertThat(restarted.getState("coding:acme/web/issues[ALL]:issues")).isEqualTo("{\"cursor\":2}");
    }

    @Test
    void aLineCutShortByACrashIsIgnoredAndThePreviousCursorUsed() throws IOException {
        Path file = tmp.resolve("coding-state.dat");
        Files.writeString(file, "a={\"cursor\":1}\nb=x\na={\"cur");
        DurableFileStateRepository repository = new DurableFileStateRepository(file);
        repository.start();
        assertThat(repository.getState("a")).isEqualTo("{\"cursor\":1}");
        assertThat(repository.getState("b")).isEqualTo("x");
        repository.setState("c", "y");
        repository.stop();
        assertThat(Files.readString(file))
                .as("the torn line is gone, so the next append starts on a line of its own")
                .isEqualTo("a={\"cursor\":1}\nb=x\nc=y\n");
    }

    @Test
    void aCrashWhileCompactingLeavesTheOldFileWithEveryCursor() throws IOException {
        DurableFilesTest.RecordingSync sync = new DurableFilesTest.RecordingSync();
        Path file = tmp.resolve("coding-state.dat");
        DurableFileStateRepository repository = new DurableFileStateRepository(file, new DurableFiles(sync), 60);
        repository.start();
        for (int i = 0; i < 4; i++) {
            repository.setState("k" + i, "value" + i);
        }
        sync.crashBeforeRenameOf = file;
        for (int i = 0; i < 10; i++) {
            repository.setState("k0", "value-" + i); // each append is durable even though compaction keeps failing
        }
        assertThat(file.resolveSibling("coding-state.dat.tmp"))
                .as("compaction was attempted")
                .exists();

        DurableFileStateRepository afterCrash = new DurableFileStateRepository(file);
        afterCrash.start();
        for (int i = 1; i < 4; i++) {
            assertThat(afterCrash.getState("k" + i)).isEqualTo("value" + i);
        }
        assertThat(afterCrash.getState("k0")).as("the last acknowledged value").isEqualTo("value-9");
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).allMatch(l -> l.contains("="));
    }

    @Test
    void refusesKeysThatWouldBreakTheLineFormat() {
        DurableFileStateRepository repository = new DurableFileStateRepository(tmp.resolve("s.dat"));
        repository.start();
        assertThatThrownBy(() -> repository.setState("a=b", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository.setState("a", "v\nw")).isInstanceOf(IllegalArgumentException.class);
        assertThat(tmp.resolve("s.dat")).doesNotExist();
    }
}
