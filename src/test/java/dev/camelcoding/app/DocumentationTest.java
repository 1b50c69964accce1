package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/** The configuration reference keeps up with the component: every option and header is documented. */
class DocumentationTest {

    @Test
    void everyOptionAndHeaderOfTheGeneratedMetadataIsInTheConfigurationReference() throws Exception {
        String reference = Files.readString(Path.of("docs", "configuration.md"));
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/dev/camelcoding/component/coding.json")) {
            metadata = new ObjectMapper().readTree(in);
        }
        for (Iterator<String> options = metadata.path("properties").fieldNames(); options.hasNext(); ) {
            String option = options.next();
            assertThat(reference)
                    .as("docs/configuration.md documents " + option)
                    .contains("`" + option + "`");
        }
        for (Iterator<String> headers = metadata.path("headers").fieldNames(); headers.hasNext(); ) {
            String header = headers.next();
            assertThat(reference)
                    .as("docs/configuration.md documents " + header)
                    .contains("`" + header + "`");
        }
    }

    @Test
    void everyApplicationSettingIsInTheConfigurationReference() throws Exception {
        String reference = Files.readString(Path.of("docs", "configuration.md"));
        java.util.Properties settings = new java.util.Properties();
        try (InputStream in = Files.newInputStream(Path.of("routes", "application.properties"))) {
            settings.load(in);
        }
        for (String key : settings.stringPropertyNames()) {
            if (key.startsWith("coding.")) {
                assertThat(reference)
                        .as("docs/configuration.md documents " + key)
                        .contains("`" + key + "`");
            }
        }
    }
}
