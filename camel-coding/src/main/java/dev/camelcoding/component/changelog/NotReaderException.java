package dev.camelcoding.component.changelog;

/**
 * This process is not the reader of the source right now (another process holds its lease, or the lease was lost):
 * nothing was appended. For a webhook delivery it means "deliver again": the handler answers 503 so CODING retries,
 * and a retry that reaches the reader (or this process once it has taken over) is appended.
 */
public class NotReaderException extends ChangeLogException {

    public NotReaderException(SourceId source) {
        super("this process is not the reader of " + source + " (another process holds lease '"
                + source.readerNamespace() + "'); nothing was appended");
    }
}
