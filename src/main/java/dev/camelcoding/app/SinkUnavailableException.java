package dev.camelcoding.app;

/**
 * The sink's database (or another service the routes connect to on start) did not answer: not a mistake in the
 * configuration but a check against the sink that failed, so exit code 1, as {@code test}'s failed sink check.
 */
final class SinkUnavailableException extends RuntimeException {

    SinkUnavailableException(String message) {
        super(message);
    }
}
