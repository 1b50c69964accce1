package dev.camelcoding.component.changelog;

/** The change log's database refused or failed an operation; the message says which and on what. */
public class ChangeLogException extends RuntimeException {

    public ChangeLogException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChangeLogException(String message) {
        super(message);
    }
}
