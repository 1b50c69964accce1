package dev.camelcoding.app.jbang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A file-based Maven repository holding this build's dev.camelcoding:camel-coding snapshot (the reactor's jar, its
 * POM and the parent POM), laid out as {@code mvn deploy} would: a timestamped snapshot named in maven-metadata.xml.
 * Timestamped "now", so Maven's resolver prefers it over any older snapshot installed in the local repository.
 */
final class ComponentRepository {

    private ComponentRepository() {}

    static Path reactorJar(Path root, String version) {
        return reactorJar(root, "camel-coding", "camel-coding", version);
    }

    private static Path reactorJar(Path root, String directory, String artifactId, String version) {
        return root.resolve(directory + "/target/" + artifactId + "-" + version + ".jar");
    }

    /** A module of ours: its directory in the repository and its artifactId. */
    private record Module(String directory, String artifactId) {}

    /**
     * Publishes the parent POM, the component, the one module of ours it depends on (coding-protocol: the
     * signature, calendar and offset rules it shares with the simulator) and the sinks the routes use
     * (camel-coding-sinks), as {@code mvn deploy} would have left them.
     */
    static Path publish(Path root, String version, Path repository) throws IOException {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String timestamp = now.format(DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss"));
        String updated = now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        String base = version.replace("-SNAPSHOT", "");
        int build = 1;
        String unique = base + "-" + timestamp + "-" + build;
        deploy(
                repository,
                "camel-coding-parent",
                version,
                unique,
                updated,
                timestamp,
                build,
                new Artifact(root.resolve("pom.xml"), "pom"));
        for (Module module : new Module[] {
            new Module("coding-protocol", "coding-protocol"),
            new Module("camel-coding", "camel-coding"),
            new Module("coding-sinks", "camel-coding-sinks")
        }) {
            Path jar = packagedJar(root, module, version);
            deploy(
                    repository,
                    module.artifactId(),
                    version,
                    unique,
                    updated,
                    timestamp,
                    build,
                    new Artifact(root.resolve(module.directory() + "/pom.xml"), "pom"),
                    new Artifact(jar, "jar"));
        }
        return repository;
    }

    /** The module's jar as the reactor packaged it, refused when missing or older than the module's classes. */
    private static Path packagedJar(Path root, Module module, String version) throws IOException {
        Path jar = reactorJar(root, module.directory(), module.artifactId(), version);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through the reactor (mvn verify, or"
                    + " mvn test -pl :camel-coding-app -am after mvn package)");
        }
        Path classes = root.resolve(module.directory() + "/target/classes");
        if (Files.isDirectory(classes)) {
            try (var files = Files.walk(classes)) {
                var jarTime = Files.getLastModifiedTime(jar);
                var newer = files.filter(Files::isRegularFile)
                        .filter(f -> lastModified(f).compareTo(jarTime) > 0)
                        .findFirst();
                if (newer.isPresent()) {
                    throw new IllegalStateException(jar + " is older than " + newer.get() + ": package the "
                            + module.directory()
                            + " module first (mvn verify does; with mvn test, run mvn package -DskipTests"
                            + " before)");
                }
            }
        }
        return jar;
    }

    private static java.nio.file.attribute.FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Artifact(Path file, String extension) {}

    private static void deploy(
            Path repository,
            String artifactId,
            String version,
            String unique,
            String updated,
            String timestamp,
            int build,
            Artifact... artifacts)
            throws IOException {
        Path dir = repository.resolve("dev/camelcoding/" + artifactId + "/" + version);
        Files.createDirectories(dir);
        StringBuilder versions = new StringBuilder();
        for (Artifact artifact : artifacts) {
            Path target = dir.resolve(artifactId + "-" + unique + "." + artifact.extension());
            Files.copy(artifact.file(), target, StandardCopyOption.REPLACE_EXISTING);
            writeSha1(target);
            versions.append("      <snapshotVersion><extension>")
                    .append(artifact.extension())
                    .append("</extension><value>")
                    .append(unique)
                    .append("</value><updated>")
                    .append(updated)
                    .append("</updated></snapshotVersion>\n");
        }
        Files.writeString(dir.resolve("maven-metadata.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata modelVersion="1.1.0">
                  <groupId>dev.camelcoding</groupId>
                  <artifactId>%s</artifactId>
                  <version>%s</version>
                  <versioning>
                    <snapshot><timestamp>%s</timestamp><buildNumber>%d</buildNumber></snapshot>
                    <lastUpdated>%s</lastUpdated>
                    <snapshotVersions>
                %s    </snapshotVersions>
                  </versioning>
                </metadata>
                """.formatted(
                        artifactId, version, timestamp, build, updated, versions));
        writeSha1(dir.resolve("maven-metadata.xml"));
    }

    /** The checksum Maven's resolver validates every download against (it warns without one). */
    private static void writeSha1(Path file) throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
            Files.writeString(
                    file.resolveSibling(file.getFileName() + ".sha1"),
                    java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
