package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.protocol.HookSignature;
import dev.camelcoding.simulator.CodingSimulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./coding-sync run} in webhook mode in a child JVM with a 256 MB heap, as a user runs it (the application's
 * routes keep each exchange's original message, so Camel stream-caches consumer bodies as each exchange starts), on
 * either listener: unsigned 300 MB bodies, declared and chunked, streamed from a generator, and a declared length
 * with no body behind it are answered 413, and nothing runs out of memory. The application used to log
 * {@code OutOfMemoryError: Java heap space} for each 300 MB body on Jetty (Camel had copied the body into memory
 * before the listener could check its size) and answer the empty declared one 500 after the idle timeout.
 *
 * <p>The 300 MB bodies are answered 413, not 401, although they are unsigned: the size comes first, because the
 * signature can only be checked over the whole body, and the listener never reads more than webhookMaxBodySize.
 */
class WebhookHugeBodiesProcessTest {

    private static final long HUGE = 300L << 20;
    private static final String SECRET = "huge-bodies-secret";
    private static final String PATH = "/coding/hooks/HugeBodies5";

    @TempDir
    Path data;

    private CodingSimulator sim;
    private Process app;
    private int port;

    @BeforeEach
    void startSimulator() {
        sim = CodingSimulator.builder().issues(5).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
        sim.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "platform-http"})
    void hugeAndLyingBodiesAre413WithoutRunningOutOfMemory(String server) throws Exception {
        port = freePort();
        app = start(server);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> !app.isAlive() || ping() == 200);
        assertThat(app.isAlive()).as(output()).isTrue();

        assertThat(stream(false))
                .as("300 MB with its Content-Length: %s", output())
                .isEqualTo(413);
        assertThat(stream(true)).as("300 MB chunked: %s", output()).isEqualTo(413);
        long started = System.nanoTime();
        assertThat(declaredOnly("99999999999")).as(output()).isEqualTo(413);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("a declared length over the limit is answered from the headers")
                .isLessThan(Duration.ofMillis(1500));

        assertThat(ping()).as("the listener still answers: %s", output()).isEqualTo(200);
        assertThat(app.isAlive()).isTrue();
        assertThat(output()).doesNotContain("OutOfMemoryError").doesNotContain("Java heap space");
    }

    /** coding-sync run in a child JVM with -Xmx256m, webhook mode on {@code server}, the simulator as CODING. */
    private Process start(String server) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath(),
                CodingSync.class.getName(),
                "run"));
        List<String> pairs = new ArrayList<>(List.of(
                "coding.team=" + sim.team(),
                "coding.project=" + sim.projectName(),
                "coding.token=" + sim.personalToken(),
                "coding.api-url=" + sim.baseUrl(),
                "coding.tables=issues",
                "coding.mode=webhook",
                "coding.webhook.server=" + server,
                "coding.webhook.path=" + PATH,
                "coding.webhook.secret=" + SECRET,
                "coding.data-dir=" + data.resolve("state"),
                "coding.sink.jdbc.url=jdbc:h2:mem:huge;DB_CLOSE_DELAY=-1"));
        if ("jetty".equals(server)) {
            pairs.add("coding.webhook.host=127.0.0.1");
            pairs.add("coding.webhook.port=" + port);
        } else {
            pairs.add("camel.server.enabled=true");
            pairs.add("camel.server.host=127.0.0.1");
            pairs.add("camel.server.port=" + port);
        }
        for (String pair : pairs) {
            line.add("--set");
            line.add(pair);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("out.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("CODING_"));
        return builder.start();
    }

    private String output() throws IOException {
        return Files.readString(data.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    /**
     * Streams 300 MB of zeros (as chunks, or raw behind its Content-Length) from another thread while this one reads
     * the answer; the status, or -1 when the connection closed without one.
     */
    private int stream(boolean chunked) throws Exception {
        try (Socket socket = connect()) {
            head(
                    socket,
                    "Content-Type: application/json\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + HUGE + "\r\n"));
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(
                    () -> {
                        byte[] zeros = new byte[64 * 1024];
                        byte[] chunkHead =
                                (Integer.toHexString(zeros.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
                        try {
                            for (long sent = 0; sent < HUGE; sent += zeros.length) {
                                if (chunked) {
                                    out.write(chunkHead);
                                }
                                out.write(zeros);
                                if (chunked) {
                                    out.write(crlf);
                                }
                            }
                            if (chunked) {
                                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                            }
                        } catch (IOException closed) {
                            // the listener refused the body and closed, or this test closed after the answer
                        }
                    },
                    "huge-body-writer");
            writer.setDaemon(true);
            writer.start();
            int status;
            try {
                status = status(socket.getInputStream());
            } catch (IOException closed) {
                status = -1;
            }
            socket.close();
            writer.join(30_000);
            return status;
        }
    }

    /** A request that declares {@code length} and sends no body. */
    private int declaredOnly(String length) throws Exception {
        try (Socket socket = connect()) {
            head(socket, "Content-Type: application/json\r\nContent-Length: " + length + "\r\n");
            return status(socket.getInputStream());
        }
    }

    private int ping() throws Exception {
        byte[] body = "{\"event\":\"PING\",\"hook_id\":\"huge\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = connect()) {
            head(
                    socket,
                    "Content-Type: application/json\r\nX-Coding-Signature: " + HookSignature.sign(SECRET, body)
                            + "\r\nContent-Length: " + body.length + "\r\n");
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return status(socket.getInputStream());
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void head(Socket socket, String headers) throws IOException {
        String request = "POST " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status of the answer's first line. */
    private static int status(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed before an answer");
            }
            line.write(b);
        }
        return Integer.parseInt(line.toString(StandardCharsets.US_ASCII).split(" ")[1]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
