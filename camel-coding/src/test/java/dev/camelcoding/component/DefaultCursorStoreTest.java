package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.store.OwnedStore;
import java.nio.file.Path;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a cursorRepository the component keeps the cursors in the store: the embedded file coding-store.mv.db of the
 * data directory (no state file any more), where another reader (status) finds what was committed.
 */
class DefaultCursorStoreTest {

    @Test
    void theDefaultStateIsTheEmbeddedStoreOfTheDataDirectory(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            CodingEndpoint endpoint = (CodingEndpoint)
                    camel.getEndpoint("coding:issues?teamName=acme&projectName=web&token=t&dataDirectory=" + data);
            StateRepository<String, String> state = endpoint.stateRepository();
            state.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":42}");
        }
        assertThat(data.resolve("coding-store.mv.db")).exists();
        assertThat(data.resolve("coding-state.dat")).doesNotExist();
        try (OwnedStore reopened = OwnedStore.embedded(data)) {
            assertThat(reopened.state().getState("coding:acme/web/issues[ALL]:issues"))
                    .isEqualTo("{\"cursor\":42}");
        }
    }
}
