package dev.camelcoding.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scripted HTTP server on a free port: answers each request with the next canned answer, and records requests. */
final class StubCodingServer implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body);
        }

        static Answer status(int status, Map<String, String> headers, String body) {
            return new Answer(status, headers, body);
        }
    }

    /** One request as received; {@code clientPort}: the port it came from (the same for a reused connection). */
    record Received(String method, String query, Map<String, List<String>> headers, String body, int clientPort) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer fallback = Answer.json("{\"Response\":{\"RequestId\":\"fallback\"}}");

    StubCodingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] requestBody = exchange.getRequestBody().readAllBytes();
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(requestBody, StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getPort()));
            Answer answer;
            synchronized (answers) {
                answer = answers.isEmpty() ? fallback : answers.poll();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    StubCodingServer enqueue(Answer... next) {
        synchronized (answers) {
            answers.addAll(List.of(next));
        }
        return this;
    }

    StubCodingServer always(Answer answer) {
        this.fallback = answer;
        return this;
    }

    List<Received> received() {
        return received;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/open-api";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
