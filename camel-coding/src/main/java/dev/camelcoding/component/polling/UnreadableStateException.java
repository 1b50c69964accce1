package dev.camelcoding.component.polling;

import org.apache.camel.RuntimeCamelException;

/**
 * Stored state that cannot be read as the record it should be: not JSON, or a value no version of camel-coding wrote
 * (an unknown phase: a newer version wrote it). Permanent: the message names the key to remove.
 */
public final class UnreadableStateException extends RuntimeCamelException {

    public UnreadableStateException(String key, Class<?> type, Throwable cause) {
        super(
                "the stored state " + key + " cannot be read as " + type.getSimpleName() + " (" + firstLine(cause)
                        + "); was it written by a newer camel-coding? Remove that key to start the table afresh",
                cause);
    }

    private static String firstLine(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
