package dev.camelcoding.component.webhook;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the body of a platform-http (Vert.x) request that arrives unread: the listener asks for
 * {@code useBodyHandler=false}, because Vert.x's body handler would otherwise buffer the whole body, whatever its
 * size, before we see it. Loaded only when the body is a Vert.x stream, so Vert.x stays an optional dependency.
 */
final class VertxBodies {

    private VertxBodies() {}

    @SuppressWarnings("unchecked")
    static byte[] read(Object body, long limit, long deadlineNanos) throws RejectedDelivery {
        ReadStream<Buffer> stream = (ReadStream<Buffer>) body;
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        stream.exceptionHandler(done::completeExceptionally);
        stream.handler(buffer -> {
            synchronized (out) {
                if (done.isDone()) {
                    return;
                }
                if (out.size() + (long) buffer.length() > limit) {
                    stream.pause();
                    done.completeExceptionally(BodyReader.tooLarge(limit));
                    return;
                }
                out.write(buffer.getBytes(), 0, buffer.length());
            }
        });
        stream.endHandler(ignored -> {
            synchronized (out) {
                done.complete(out.toByteArray());
            }
        });
        stream.resume();
        try {
            return done.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            stream.pause();
            throw BodyReader.tooSlow();
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RejectedDelivery rejected) {
                throw rejected;
            }
            throw new RejectedDelivery(400, "unreadable", "the body could not be read: " + failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            stream.pause();
            throw BodyReader.tooSlow();
        }
    }
}
