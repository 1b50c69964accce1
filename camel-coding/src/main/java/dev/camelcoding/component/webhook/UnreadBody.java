package dev.camelcoding.component.webhook;

import java.io.InputStream;

/**
 * The body of a delivery on the Jetty listener, not read yet: the request's own stream, in a type Camel has no
 * converter for. Camel copies a stream body into a stream cache, all of it, in memory, as soon as it creates the
 * unit of work, before any processor runs, whenever stream caching is on and the context keeps original messages
 * (the application's error handler uses {@code useOriginalMessage}, which turns that on): a 300 MB body ran the
 * application out of memory, and a declared length with no body behind it held the request until the idle timeout.
 * Wrapped, the stream reaches the handler untouched, which reads it within webhookMaxBodySize (see
 * {@link BodyReader}) after the cheaper checks.
 */
record UnreadBody(InputStream stream) {

    @Override
    public String toString() {
        // what Camel's logs and tracer show instead of trying to read it
        return "UnreadBody";
    }
}
