package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The H2 settings every coding-sync command runs with, and a user's -D winning over them. */
class H2ProcessSettingsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(H2ProcessSettings.OBJECT_CACHE);
        System.clearProperty(H2ProcessSettings.OBJECT_CACHE);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(H2ProcessSettings.OBJECT_CACHE);
        } else {
            System.setProperty(H2ProcessSettings.OBJECT_CACHE, before);
        }
    }

    @Test
    void aCommandRunsWithH2sObjectCacheOff() {
        assertThat(CodingSync.execute("--version")).isZero();

        assertThat(System.getProperty("h2.objectCache")).isEqualTo("false");
    }

    @Test
    void theUsersOwnSettingWins() {
        System.setProperty("h2.objectCache", "true");

        assertThat(CodingSync.execute("--version")).isZero();

        assertThat(System.getProperty("h2.objectCache")).isEqualTo("true");
    }
}
