package dev.camelcoding.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks ship in no product: coding-sync.jar, the jar users run, holds no benchmark class and none of what
 * only the benchmarks need (camel-sql). The reactor packages the application before this module (see the POM), so
 * under {@code mvn verify} the jar read here is the one just built.
 */
class ShippedAppJarTest {

    private final Path jar = Path.of(System.getProperty(AppJar.PROPERTY, "../target/app/coding-sync.jar"));

    @Test
    void theApplicationJarHoldsNoBenchmark() throws Exception {
        assertThat(jar).as("the application jar (mvn package builds it)").isRegularFile();
        assertFresh();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("the application's own main class").contains("dev/camelcoding/app/CodingSync.class");
            // what `unzip -l target/app/coding-sync.jar | grep -c bench` counts
            assertThat(names).filteredOn(n -> n.toLowerCase().contains("bench")).isEmpty();
            assertThat(names)
                    .filteredOn(n -> n.startsWith("org/apache/camel/component/sql/"))
                    .isEmpty();
        }
    }

    /** A jar older than the application's classes was not built by this run: its contents would prove nothing. */
    private void assertFresh() throws IOException {
        String classes = System.getProperty("bench.app.classes");
        if (classes == null || classes.isBlank() || !Files.isDirectory(Path.of(classes))) {
            return;
        }
        FileTime built = Files.getLastModifiedTime(jar);
        try (Stream<Path> files = Files.walk(Path.of(classes))) {
            assertThat(files.filter(Files::isRegularFile)
                            .filter(f -> newer(f, built))
                            .findFirst())
                    .as(
                            "%s is older than the application's classes: package the application first (mvn verify"
                                    + " does)",
                            jar)
                    .isEmpty();
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
