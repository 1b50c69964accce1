package dev.camelcoding.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The real CODING responses and deliveries in the repository's recorded/ (one copy, on the test class path of every
 * module).
 */
final class Fixtures {

    private Fixtures() {}

    static String recorded(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
