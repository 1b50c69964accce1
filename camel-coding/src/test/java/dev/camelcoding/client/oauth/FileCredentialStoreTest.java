package dev.camelcoding.client.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials file: owner-only, replaced by an atomic rename, readable after a crash at any point. */
class FileCredentialStoreTest {

    @TempDir
    Path dir;

    private static OAuthGrant grant(String access, String refresh) {
        Instant now = Instant.parse("2026-03-01T08:00:00Z");
        return new OAuthGrant(
                "acme",
                URI.create("https://acme.coding.net/api/oauth/access_token"),
                new OAuthApp("app", "app-secret"),
                access,
                refresh,
                "user:profile:ro",
                now,
                now.plusSeconds(7200));
    }

    @Test
    void aSaveIsReadBackAndTheFileIsOwnerOnly() throws Exception {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("sub/creds.json"));
        assertThat(store.load()).isEmpty();
        store.save(grant("at-1", "rt-1"));
        assertThat(new FileCredentialStore(dir.resolve("sub/creds.json")).load())
                .contains(grant("at-1", "rt-1"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("sub/creds.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(store.toString()).doesNotContain("at-1");
        assertThat(grant("at-1", "rt-1").toString())
                .doesNotContain("at-1")
                .doesNotContain("rt-1")
                .doesNotContain("app-secret");
    }

    @Test
    void aSaveReplacesTheFileByRenameNeverInPlace() throws Exception {
        Path file = dir.resolve("creds.json");
        FileCredentialStore store = new FileCredentialStore(file);
        store.save(grant("at-1", "rt-1"));
        Object before = Files.getAttribute(file, "unix:ino");
        try (var reader = Files.newBufferedReader(file)) { // a reader that opened the old file keeps the old grant
            store.save(grant("at-2", "rt-2"));
            assertThat(Files.getAttribute(file, "unix:ino"))
                    .as("a new file, renamed over the old")
                    .isNotEqualTo(before);
            assertThat(String.join("", reader.lines().toList()))
                    .contains("at-1")
                    .doesNotContain("at-2");
        }
        assertThat(store.load().orElseThrow().accessToken()).isEqualTo("at-2");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly("creds.json");
        }
    }

    @Test
    void theTemporaryFileOfACrashedSaveDoesNotDisturbTheGrant() throws Exception {
        Path file = dir.resolve("creds.json");
        new FileCredentialStore(file).save(grant("at-1", "rt-1"));
        // A save that died before its rename leaves a half-written temporary file beside the grant.
        Files.writeString(dir.resolve(".creds.json123.tmp"), "{\"version\":1,\"access_t");
        assertThat(new FileCredentialStore(file).load().orElseThrow().accessToken())
                .isEqualTo("at-1");
    }

    @Test
    void aDamagedFileIsOneLineSayingToAuthorizeAgain() throws Exception {
        Path file = dir.resolve("creds.json");
        Files.writeString(file, "{\"access_token\":\"leaked-if-echoed\"");
        assertThatThrownBy(() -> new FileCredentialStore(file).load())
                .hasMessageContaining("is not a camel-coding credentials file")
                .hasMessageContaining("run coding-sync authorize --credentials " + file + " again")
                .hasMessageNotContaining("leaked-if-echoed");
    }

    @Test
    void theDirectoriesItCreatesAndTheLockFileAreOwnerOnly() throws Exception {
        // as run creates the data directory (0700) and its files (0600)
        Path file = dir.resolve("data").resolve("oauth").resolve("coding-oauth.json");
        FileCredentialStore store = new FileCredentialStore(file);
        try (var lock = store.lock()) {
            assertThat(Files.getPosixFilePermissions(file.resolveSibling("coding-oauth.json.lock")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        store.save(grant("at-1", "rt-1"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("data")))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
