package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.protocol.HookSignature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver in a JVM of its own with a 256 MB heap ({@link ReceiverMain}, exiting on OutOfMemoryError): 300 MB
 * bodies, declared, chunked or under a lying Content-Length, get refused without the receiver buffering them, and a
 * valid signed delivery right after is accepted. The heap of the test JVM itself would prove nothing here.
 */
class ForkedReceiverMemoryTest {

    private static final long HUGE = 300L * 1024 * 1024;
    /** What the receiver may take in before it refuses: its 1 MiB limit, the discarded rest, socket buffers. */
    private static final long READ_BOUND = 64L * 1024 * 1024;

    private static final String SECRET = "forked-secret";

    @TempDir
    Path data;

    private Process receiver;
    private int port;
    private String path;
    private final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        path = "/coding/hooks/Forked" + UUID.randomUUID();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        receiver = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReceiverMain.class.getName(),
                        Integer.toString(port),
                        path,
                        SECRET,
                        data.toString())
                .redirectErrorStream(true)
                .start();
        Thread pump = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                }
            } catch (IOException ended) {
                // the receiver stopped
            }
        });
        pump.setDaemon(true);
        pump.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> output.contains("READY") || !receiver.isAlive());
        assertThat(receiver.isAlive()).as("receiver started: %s", output).isTrue();
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiver.getOutputStream().close();
        if (!receiver.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            receiver.destroy();
        }
    }

    @Test
    void hugeBodiesAreRefusedWithoutBufferingAndTheNextDeliveryIsAccepted() throws Exception {
        // declared: answered 413 from the headers alone, before a byte of the body is sent
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(
                    socket,
                    "POST",
                    path,
                    Map.of("Content-Type", "application/json", "Content-Length", Long.toString(HUGE)));
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(413);
        }
        // a length no long can hold
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(
                    socket, "POST", path, Map.of("Content-Type", "application/json", "Content-Length", "99999999999"));
            assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(413);
        }
        // chunked, no length: the receiver stops reading past its limit
        long chunkedSent = blast(Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), true);
        assertThat(chunkedSent)
                .as("bytes the receiver took of a chunked 300 MB body")
                .isLessThan(READ_BOUND);
        // a lying length: 500 declared, 300 MB sent; the excess is not a body the receiver reads as one
        long lyingSent = blast(Map.of("Content-Type", "application/json", "Content-Length", "500"), false);
        assertThat(lyingSent)
                .as("bytes the receiver took behind a 500-byte Content-Length")
                .isLessThan(READ_BOUND);

        assertThat(receiver.isAlive()).as("no OutOfMemoryError: %s", tail()).isTrue();
        byte[] valid = ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":7,\"title\":\"after the flood\","
                        + "\"created_at\":1700000000000,\"updated_at\":1700000005000}}")
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer accepted = RawHttp.send(
                port,
                "POST",
                path,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Coding-Signature",
                        HookSignature.sign(SECRET, valid),
                        "X-Coding-Delivery",
                        "after-the-flood"),
                valid);
        assertThat(accepted.status()).as(tail()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.contains("EVENT u"));
        // the listener's secret path never appears whole in what the receiver logged
        assertThat(output).noneMatch(line -> line.contains(path));
        assertThat(output).anyMatch(line -> line.contains(SecretPath.mask(path)));
    }

    /**
     * Sends 300 MB of zeros after {@code headers} (as chunks or raw) until the receiver stops taking them, and
     * returns how many bytes it took.
     */
    private long blast(Map<String, String> headers, boolean chunked) throws Exception {
        AtomicLong sent = new AtomicLong();
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.head(socket, "POST", path, headers);
            OutputStream out = socket.getOutputStream();
            byte[] zeros = new byte[64 * 1024];
            byte[] chunkHead = (Integer.toHexString(zeros.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                while (sent.get() < HUGE) {
                    if (chunked) {
                        out.write(chunkHead);
                    }
                    out.write(zeros);
                    if (chunked) {
                        out.write(crlf);
                    }
                    sent.addAndGet(zeros.length);
                }
                out.flush();
            } catch (IOException refused) {
                // the receiver answered and closed the connection: what we measure
            }
        }
        return sent.get();
    }

    private String tail() {
        int from = Math.max(0, output.size() - 15);
        return String.join("\n", output.subList(from, output.size()));
    }
}
