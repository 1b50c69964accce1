package dev.camelcoding.component.webhook;

/** A delivery refused before it reaches the route: the HTTP status, the outcome counted, and why. */
final class RejectedDelivery extends Exception {

    private final int status;
    private final String outcome;

    RejectedDelivery(int status, String outcome, String message) {
        super(message, null, false, false);
        this.status = status;
        this.outcome = outcome;
    }

    int status() {
        return status;
    }

    String outcome() {
        return outcome;
    }
}
