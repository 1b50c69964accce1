package dev.camelcoding.component;

/** How an endpoint learns about changes. */
public enum CodingMode {
    /** Ask CODING's Open API periodically (the default). */
    polling,
    /** Receive CODING's Service Hook deliveries over HTTP. */
    webhook,
    /** Receive deliveries, and poll slowly as a backstop for deliveries that never arrived. */
    hybrid
}
