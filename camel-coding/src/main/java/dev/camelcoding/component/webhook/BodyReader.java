package dev.camelcoding.component.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a delivery body within a byte limit and a time limit, so neither a huge body nor a slow one can hold memory
 * or a thread: at most {@code limit + 1} bytes are ever read whatever {@code Content-Length} claims (a body may lie
 * about its length, or come chunked with none), and reading stops at the deadline. Each blocking read is bounded by
 * the server's idle timeout; the deadline is checked between reads, so a client trickling a byte at a time
 * (slowloris) is cut off too.
 */
final class BodyReader {

    private static final int CHUNK = 8192;
    private static final int DISCARD_FACTOR = 4;
    private static final long MAX_DISCARD = 16L << 20;
    private static final String VERTX_READ_STREAM = "io.vertx.core.streams.ReadStream";

    private final long limit;

    BodyReader(long limit) {
        this.limit = limit;
    }

    /**
     * The body's bytes.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the whole body must have arrived
     * @throws RejectedDelivery 413 when it is over the limit, 408 when it is late, 400 when it cannot be read
     */
    byte[] read(Object body, InputStreamSource streams, long deadlineNanos) throws RejectedDelivery {
        if (body == null) {
            return new byte[0];
        }
        if (body instanceof byte[] bytes) {
            return checked(bytes);
        }
        if (body instanceof String text) {
            return checked(text.getBytes(StandardCharsets.UTF_8));
        }
        if (body instanceof UnreadBody unread) {
            // Jetty: the servlet stream, wrapped so that Camel's stream caching leaves it unread (see UnreadBody)
            return read(unread.stream(), deadlineNanos);
        }
        if (isVertxStream(body)) {
            // platform-http on Vert.x with useBodyHandler=false hands over the paused request itself
            return VertxBodies.read(body, limit, deadlineNanos);
        }
        InputStream stream = body instanceof InputStream in ? in : streams.open();
        if (stream == null) {
            return new byte[0];
        }
        return read(stream, deadlineNanos);
    }

    byte[] read(InputStream stream, long deadlineNanos) throws RejectedDelivery {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        byte[] chunk = new byte[CHUNK];
        // not closed here: the server owns the stream (and a refused body may still be discarded from it)
        try {
            while (true) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw tooSlow();
                }
                int n = stream.read(chunk, 0, (int) Math.min(CHUNK, limit + 1 - out.size()));
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(chunk, 0, n);
                if (out.size() > limit) {
                    throw tooLarge(limit);
                }
            }
        } catch (IOException e) {
            // Jetty's idle timeout surfaces here as an IOException: a body that stalled
            if (System.nanoTime() - deadlineNanos > 0
                    || e.getCause() instanceof java.util.concurrent.TimeoutException
                    || e instanceof java.io.InterruptedIOException) {
                throw tooSlow();
            }
            throw new RejectedDelivery(400, "unreadable", "the body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what the client is still sending of a body refused as too large, up to a few times the limit
     * and for a second at most, so the client (which may not wait for an answer before sending all of its
     * body) reads the 413 rather than a reset connection. Nothing is kept; past the bound the server closes.
     */
    void discard(Object body, InputStreamSource streams, long deadlineNanos) {
        if (body == null || body instanceof byte[] || body instanceof String || isVertxStream(body)) {
            return;
        }
        InputStream stream = body instanceof UnreadBody unread
                ? unread.stream()
                : body instanceof InputStream in ? in : streams.open();
        if (stream == null) {
            return;
        }
        long budget = discardBudget();
        byte[] chunk = new byte[CHUNK];
        try {
            long dropped = 0;
            while (dropped < budget && System.nanoTime() - deadlineNanos < 0) {
                int n = stream.read(chunk);
                if (n < 0) {
                    return;
                }
                dropped += n;
            }
        } catch (IOException ignored) {
            // the client went away: nothing left to answer
        }
    }

    /**
     * Whether a refused body of this declared length is worth draining (see {@link #discard}): only if all of it
     * fits the drain budget; past it the server closes anyway, so the answer is not delayed for it.
     */
    boolean drainable(long declaredLength) {
        return declaredLength <= discardBudget();
    }

    private long discardBudget() {
        return Math.min(limit * DISCARD_FACTOR, MAX_DISCARD);
    }

    private byte[] checked(byte[] bytes) throws RejectedDelivery {
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    static RejectedDelivery tooLarge(long limit) {
        return new RejectedDelivery(
                413, "too-large", "the body is over the " + limit + "-byte limit (webhookMaxBodySize)");
    }

    static RejectedDelivery tooSlow() {
        return new RejectedDelivery(408, "too-slow", "the body did not arrive within webhookAnswerTimeout");
    }

    private static boolean isVertxStream(Object body) {
        for (Class<?> type = body.getClass(); type != null; type = type.getSuperclass()) {
            for (Class<?> implemented : type.getInterfaces()) {
                if (extendsVertxStream(implemented)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean extendsVertxStream(Class<?> type) {
        if (VERTX_READ_STREAM.equals(type.getName())) {
            return true;
        }
        for (Class<?> parent : type.getInterfaces()) {
            if (extendsVertxStream(parent)) {
                return true;
            }
        }
        return false;
    }

    /** Where the body stream comes from when the message body is not one yet (a type conversion). */
    @FunctionalInterface
    interface InputStreamSource {
        InputStream open();
    }
}
