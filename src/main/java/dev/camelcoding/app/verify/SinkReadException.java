package dev.camelcoding.app.verify;

/** The sink could not be read (a database that does not answer, a table that is not there, a file unreadable). */
public final class SinkReadException extends RuntimeException {

    public SinkReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
