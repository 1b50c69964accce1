package dev.camelcoding.app;

/** A mistake in the command line or the configuration: reported as one clear line and exit code 2. */
final class ConfigurationException extends RuntimeException {

    ConfigurationException(String message) {
        super(message);
    }
}
