package dev.camelcoding.component.webhook;

/**
 * A signed delivery whose payload can never become a change (its row object or key is missing, or of the wrong
 * type): delivering it again cannot help, so it is answered 422, not 500.
 */
public class MalformedDeliveryException extends IllegalArgumentException {

    public MalformedDeliveryException(String message) {
        super(message);
    }
}
