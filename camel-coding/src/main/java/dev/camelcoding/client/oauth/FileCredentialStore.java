package dev.camelcoding.client.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OAuth grant in a JSON file readable by its owner only (0600).
 *
 * <p>A save writes a temporary file beside the target (created 0600, so the secret is never readable by others, not
 * even for a moment), forces it to disk, renames it over the target in one atomic step, then forces the directory so
 * the rename itself survives a power loss. A crash at any point leaves either the old grant or the new one, never a
 * mix or an empty file.
 *
 * <p>The refresh lock is an OS lock on {@code <file>.lock}, so other processes wait for it. Java file locks belong
 * to the whole JVM (a second lock on the same file from this JVM fails instead of waiting), so threads and store
 * instances of this JVM first take a lock of their own per file; that table holds locks only, never a credential.
 */
public final class FileCredentialStore implements CredentialStore {

    static final int FORMAT_VERSION = 1;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** One in-JVM lock per credentials file: the JVM-wide half of a lock whose other half is the OS file lock. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    public FileCredentialStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    public Path file() {
        return file;
    }

    @Override
    public String id() {
        return file.toString();
    }

    @Override
    public Optional<OAuthGrant> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OAuth credentials file " + file + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(fromJson(mapper.readTree(bytes)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "the OAuth credentials file " + file + " is not a camel-coding credentials"
                            + " file (" + e.getClass().getSimpleName() + "): run coding-sync authorize --credentials "
                            + file
                            + " again",
                    e);
        }
    }

    @Override
    public void save(OAuthGrant grant) {
        Path dir = file.getParent();
        try {
            createPrivateDirectory(dir);
            Path temp = createOwnerOnly(dir);
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    out.write(ByteBuffer.wrap(
                            mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(grant))));
                    out.force(true);
                }
                move(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the OAuth credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Lock lock() {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
        jvmLock.lock();
        try {
            createPrivateDirectory(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            // owner-only (0600), as the credentials file itself
            FileChannel channel = FileChannel.open(
                    lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly(OWNER_ONLY));
            FileLock osLock;
            try {
                osLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return () -> {
                try {
                    osLock.release();
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot release the lock of " + file, e);
                } finally {
                    jvmLock.unlock();
                }
            };
        } catch (IOException e) {
            jvmLock.unlock();
            throw new UncheckedIOException("cannot lock the OAuth credentials file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            jvmLock.unlock();
            throw e;
        }
    }

    /**
     * A missing directory is created owner-only ({@code 0700}, as {@code run} creates the data directory); an existing
     * one is left as it is (the file may be put in a directory that is not ours, such as a home directory).
     */
    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, ownerOnly(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** The attribute that creates a file or directory with this mode, where the file system has modes. */
    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> mode) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private Path createOwnerOnly(Path dir) throws IOException {
        return Files.createTempFile(dir, "." + file.getFileName(), ".tmp", ownerOnly(OWNER_ONLY));
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "the file system of " + file.getParent() + " cannot rename atomically; keep the"
                            + " credentials file on a local disk",
                    e);
        }
    }

    /** Makes the rename durable: on Linux a directory opened for reading can be forced like a file. */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; there the rename is as durable as the OS makes it.
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }

    private ObjectNode toJson(OAuthGrant grant) {
        ObjectNode json = mapper.createObjectNode();
        json.put("version", FORMAT_VERSION);
        json.put("team", grant.team());
        json.put("token_url", grant.tokenUrl().toString());
        json.put("client_id", grant.app().clientId());
        json.put("client_secret", grant.app().clientSecret());
        json.put("access_token", grant.accessToken());
        json.put("refresh_token", grant.refreshToken());
        json.put("scope", grant.scope());
        json.put("obtained_at", grant.obtainedAt().toString());
        json.put("expires_at", grant.expiresAt().toString());
        return json;
    }

    private static OAuthGrant fromJson(JsonNode json) {
        int version = json.path("version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown version " + version);
        }
        return new OAuthGrant(
                json.path("team").isTextual() ? json.get("team").asText() : null,
                URI.create(required(json, "token_url")),
                new OAuthApp(required(json, "client_id"), required(json, "client_secret")),
                required(json, "access_token"),
                required(json, "refresh_token"),
                json.path("scope").isTextual() ? json.get("scope").asText() : null,
                Instant.parse(required(json, "obtained_at")),
                Instant.parse(required(json, "expires_at")));
    }

    private static String required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return "FileCredentialStore[" + file + "]";
    }
}
