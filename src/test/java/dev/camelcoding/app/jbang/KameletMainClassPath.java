package dev.camelcoding.app.jbang;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.camel.tooling.maven.MavenArtifact;
import org.apache.camel.tooling.maven.MavenDownloaderImpl;

/**
 * The class path of {@code camel run}'s JVM: camel-kamelet-main and its dependencies (resolved with Camel's own
 * Maven downloader, as JBang resolves camel-jbang's), plus slf4j-simple for readable output and the test classes for
 * {@link CamelRunChild}. Never the camel-coding component, HikariCP or H2: those must come from {@code --dep}.
 */
final class KameletMainClassPath {

    static final String KAMELET_MAIN = "org.apache.camel:camel-kamelet-main:4.18.0";

    private KameletMainClassPath() {}

    static String resolve() throws Exception {
        List<String> entries = new ArrayList<>();
        MavenDownloaderImpl downloader = new MavenDownloaderImpl();
        try {
            downloader.build();
            downloader.start();
            for (MavenArtifact artifact : downloader.resolveArtifacts(List.of(KAMELET_MAIN), Set.of(), true, false)) {
                entries.add(artifact.getFile().getAbsolutePath());
            }
        } finally {
            downloader.stop();
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("slf4j-simple")) {
                entries.add(entry);
            }
        }
        entries.add(new File(CamelRunChild.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getAbsolutePath());
        for (String entry : entries) {
            if (entry.contains("camel-coding") && !entry.endsWith("test-classes")
                    || entry.contains("HikariCP")
                    || entry.contains("/h2-")) {
                throw new IllegalStateException("camel run's class path must not hold " + entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
