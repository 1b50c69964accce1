package dev.camelcoding.component.store;

/** The store's database failed or refused: nothing of the failed transaction was kept. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
