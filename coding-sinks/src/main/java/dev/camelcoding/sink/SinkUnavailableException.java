package dev.camelcoding.sink;

/**
 * The sink could not be reached (a database that is down, timed out or shutting down): nothing is wrong with the
 * events, so they must not become dead letters. The pipeline's error handler lets this exception fail the exchange
 * without redelivery or dead letter ({@code routes/coding-pipeline.camel.yaml}), and the source keeps the events: a
 * change log consumer leaves its offset and hands them again with a backoff until the sink is back, a poller without
 * a log keeps its cursor, a webhook delivery without a log is answered 5xx so CODING delivers it again.
 */
public class SinkUnavailableException extends Exception {

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
