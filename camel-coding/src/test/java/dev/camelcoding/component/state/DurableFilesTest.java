package dev.camelcoding.component.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path tmp;

    /** Records every flush (and what the target file held at that moment), then really flushes. */
    static final class RecordingSync implements DurableFiles.Sync {
        final List<String> calls = new ArrayList<>();
        Path crashBeforeRenameOf;

        @Override
        public void force(Path file, FileChannel channel) throws IOException {
            channel.force(true);
            calls.add("force " + file.getFileName());
            if (crashBeforeRenameOf != null
                    && file.getFileName()
                            .toString()
                            .equals(crashBeforeRenameOf.getFileName() + DurableFiles.TEMPORARY_SUFFIX)) {
                throw new IOException("simulated power loss between the write and the rename");
            }
        }

        @Override
        public void forceDirectory(Path directory) throws IOException {
            DurableFiles.FSYNC.forceDirectory(directory);
            calls.add("forceDirectory " + directory.getFileName());
        }
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void directoriesAre0700AndFiles0600EvenWhenTheyExistedWiderBefore() throws IOException {
        DurableFiles files = new DurableFiles(new RecordingSync());
        Path data = files.createPrivateDirectories(tmp.resolve("data/dead-letters"));
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(data.getParent())).as("missing parents are private too").isEqualTo("rwx------");

        Path appended = data.resolve("a.jsonl");
        files.append(appended, "x\n".getBytes(StandardCharsets.UTF_8));
        assertThat(mode(appended)).isEqualTo("rw-------");
        Path replaced = data.resolve("b.dat");
        files.writeAtomically(replaced, "y".getBytes(StandardCharsets.UTF_8));
        assertThat(mode(replaced)).isEqualTo("rw-------");

        Path old = Files.createDirectory(tmp.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path oldFile = Files.writeString(old.resolve("state.dat"), "k=v\n");
        Files.setPosixFilePermissions(oldFile, PosixFilePermissions.fromString("rw-r--r--"));
        files.createPrivateDirectories(old);
        files.append(oldFile, "k=w\n".getBytes(StandardCharsets.UTF_8));
        assertThat(mode(old)).isEqualTo("rwx------");
        assertThat(mode(oldFile)).isEqualTo("rw-------");
    }

    @Test
    void anAppendIsForcedAndANewFilesDirectoryEntryToo() throws IOException {
        RecordingSync sync = new RecordingSync();
        DurableFiles files = new DurableFiles(sync);
        Path file = tmp.resolve("log.jsonl");
        files.append(file, "one\n".getBytes(StandardCharsets.UTF_8));
        files.append(file, "two\n".getBytes(StandardCharsets.UTF_8));
        assertThat(sync.calls)
                .containsExactly("force log.jsonl", "forceDirectory " + tmp.getFileName(), "force log.jsonl");
        assertThat(Files.readString(file)).isEqualTo("one\ntwo\n");
    }

    @Test
    void anAtomicWriteForcesTheContentBeforeTheRenameAndTheDirectoryAfterIt() throws IOException {
        RecordingSync sync = new RecordingSync();
        DurableFiles files = new DurableFiles(sync);
        Path file = tmp.resolve("state.dat");
        files.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(sync.calls).containsExactly("force state.dat.tmp", "forceDirectory " + tmp.getFileName());
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(tmp.resolve("state.dat.tmp")).doesNotExist();
    }

    @Test
    void aCrashBetweenWriteAndRenameLeavesTheOldContentReadable() throws IOException {
        RecordingSync sync = new RecordingSync();
        DurableFiles files = new DurableFiles(sync);
        Path file = tmp.resolve("state.dat");
        files.writeAtomically(file, "old complete content".getBytes(StandardCharsets.UTF_8));

        sync.crashBeforeRenameOf = file;
        assertThatThrownBy(() -> files.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("simulated power loss");
        assertThat(Files.readString(file)).isEqualTo("old complete content");

        sync.crashBeforeRenameOf = null;
        files.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file))
                .as("the leftover temporary file does not block the next write")
                .isEqualTo("new");
    }
}
