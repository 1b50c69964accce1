package dev.camelcoding.bench;

import dev.camelcoding.component.CodingWebhookConsumer;
import dev.camelcoding.component.webhook.WebhookStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The HTTP receivers the webhook benchmark sends to, all on 127.0.0.1, each on a free port, all at {@link #PATH}:
 * <ul>
 * <li>{@code jetty}: the baseline, a Jetty 12 core {@link Handler} (Jetty's own API, no servlet, no Camel) that reads
 * the body and answers 200 with a short JSON body;</li>
 * <li>{@code camel-jetty}: a Camel route {@code from("jetty:...")} (the same endpoint options the coding listener
 * uses) that reads the body as bytes and answers 200: what Camel and camel-jetty add, for reading the other rows;</li>
 * <li>{@code coding-noop}: {@code from("coding:issues?mode=webhook&webhookServer=jetty...&refetch=false")} to a
 * counting processor: signature check, JSON parse, delivery-id dedup (the default file-backed DeliveryLog under a
 * temporary dataDirectory), mapping to a change event, the route;</li>
 * <li>{@code coding-h2}: the same route, then Camel Jackson {@code unmarshal()}, a processor picking the columns and
 * camel-sql {@code MERGE INTO issues ... KEY (project, code)} into embedded H2, one statement per event, inside the
 * HTTP request (the answer waits for the write).</li>
 * </ul>
 */
final class WebhookReceivers {

    static final String PATH = "/bench/hook";
    static final String H2_URL = "jdbc:h2:mem:webhookbench;DB_CLOSE_DELAY=-1";

    private WebhookReceivers() {}

    /** One receiver: where to send, and what its sink received. */
    /** A baseline receiver: a name, an address, a request counter and how to close it. */
    record BasicReceiver(String name, URI uri, AtomicLong requests, AutoCloseable closer) implements Receiver {
        @Override
        public long received() {
            return requests.get();
        }

        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    interface Receiver extends AutoCloseable {

        String name();

        URI uri();

        /** Events that reached the sink so far (requests for the Jetty baselines, processed events for coding). */
        long received();

        /** The coding handler's answers by outcome (accepted, duplicate, bad-signature...), or null. */
        default Map<String, Long> outcomes() {
            return null;
        }

        /** A check of the sink's contents after a run of the first {@code n} deliveries of {@code workload}. */
        default String verify(WebhookWorkload workload, int n) throws Exception {
            return null;
        }

        @Override
        void close() throws Exception;
    }

    /** A free port on 127.0.0.1 (bound, then released). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------------------------------ bare Jetty

    static Receiver bareJetty() throws Exception {
        int port = freePort();
        AtomicLong requests = new AtomicLong();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ByteBuffer answer = StandardCharsets.UTF_8.encode("{\"status\":\"accepted\",\"message\":\"ok\"}");
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                ByteBuffer body = Content.Source.asByteBuffer(request); // reads the whole body, as the others do
                if (body.remaining() > 0) {
                    requests.incrementAndGet();
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, answer.slice(), callback);
                return true;
            }
        });
        server.start();
        return new BasicReceiver("jetty", URI.create("http://127.0.0.1:" + port + PATH), requests, server::stop);
    }

    // ------------------------------------------------------------------------------------------ camel-jetty

    static Receiver camelJetty() throws Exception {
        int port = freePort();
        AtomicLong requests = new AtomicLong();
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jetty:http://127.0.0.1:" + port + PATH
                                + "?mapHttpMessageFormUrlEncodedBody=false&muteException=true")
                        .routeId("bench-camel-jetty")
                        .process(e -> {
                            byte[] body = e.getMessage().getBody(byte[].class);
                            if (body != null && body.length > 0) {
                                requests.incrementAndGet();
                            }
                            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                            e.getMessage().setBody("{\"status\":\"accepted\",\"message\":\"ok\"}");
                        });
            }
        });
        context.start();
        return new BasicReceiver("camel-jetty", URI.create("http://127.0.0.1:" + port + PATH), requests, context::stop);
    }

    // ------------------------------------------------------------------------------------------ coding webhook

    /** The coding webhook route into a counting processor (h2 false) or into H2 (h2 true). */
    static Receiver coding(boolean h2, String secret) throws Exception {
        int port = freePort();
        Path dataDirectory = Files.createTempDirectory("coding-webhook-bench-");
        String name = h2 ? "coding-h2" : "coding-noop";
        String routeId = "bench-" + name;
        AtomicLong events = new AtomicLong();
        JdbcConnectionPool pool = h2 ? JdbcConnectionPool.create(H2_URL, "sa", "") : null;
        if (pool != null) {
            pool.setMaxConnections(64);
            resetTable(pool);
        }
        String endpoint = "coding:issues?mode=webhook&webhookServer=jetty&webhookHost=127.0.0.1"
                + "&webhookPort=" + port
                + "&webhookPath=" + PATH
                + "&webhookSecret=RAW(" + secret + ")"
                + "&refetch=false"
                + "&projectName=" + WebhookWorkload.PROJECT
                + "&teamName=" + WebhookWorkload.TEAM
                + "&token=x"
                + "&apiUrl=RAW(http://127.0.0.1:9/open-api)"
                + "&dataDirectory=RAW(" + dataDirectory + ")";
        CamelContext context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(10);
        if (pool != null) {
            context.getRegistry().bind("webhookBenchDs", pool);
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (!h2) {
                    from(endpoint).routeId(routeId).process(e -> events.incrementAndGet());
                } else {
                    from(endpoint)
                            .routeId(routeId)
                            .process(e ->
                                    e.setProperty("benchDoc", e.getMessage().getBody(String.class)))
                            .unmarshal()
                            .json(JsonLibrary.Jackson)
                            .process(CamelBackfill::toRow)
                            .to("sql:MERGE INTO issues (project, code, name, status_name, updated_at, doc)"
                                    + " KEY (project, code) VALUES (:#project, :#code, :#name, :#status_name,"
                                    + " :#updated_at, :#doc)?dataSource=#webhookBenchDs")
                            .process(e -> {
                                Integer updated = e.getMessage().getHeader("CamelSqlUpdateCount", Integer.class);
                                if (updated != null && updated == 1) {
                                    events.incrementAndGet();
                                }
                            });
                }
            }
        });
        context.start();
        CodingWebhookConsumer consumer =
                (CodingWebhookConsumer) context.getRoute(routeId).getConsumer();
        URI uri = URI.create("http://127.0.0.1:" + port + PATH);
        return new Receiver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public URI uri() {
                return uri;
            }

            @Override
            public long received() {
                return events.get();
            }

            @Override
            public Map<String, Long> outcomes() {
                WebhookStats stats = consumer.handler().stats();
                return stats.snapshot();
            }

            @Override
            public String verify(WebhookWorkload workload, int n) throws Exception {
                return pool == null ? null : verifyTable(pool, workload, n);
            }

            @Override
            public void close() throws Exception {
                context.stop();
                if (pool != null) {
                    pool.dispose();
                }
                try (Stream<Path> files = Files.walk(dataDirectory)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        };
    }

    private static void resetTable(JdbcConnectionPool pool) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS issues (project VARCHAR(255) NOT NULL, code BIGINT NOT NULL,"
                    + " name VARCHAR(4000), status_name VARCHAR(255), updated_at TIMESTAMP WITH TIME ZONE, doc CLOB,"
                    + " PRIMARY KEY (project, code))");
            s.execute("TRUNCATE TABLE issues");
        }
    }

    /**
     * After deliveries 0..n-1: a row for every code they touched, holding the updated_at of the last delivery of its
     * code (deliveries of one code are {@code codes} apart, far more than are ever in flight, so the last sent is the
     * last written). Rows of codes this run did not touch (left by a longer earlier run) are not checked.
     */
    private static String verifyTable(JdbcConnectionPool pool, WebhookWorkload workload, int n) throws SQLException {
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < n; i++) {
            expected.put(workload.code(i), WebhookWorkload.updatedAt(i));
        }
        int found = 0;
        int wrong = 0;
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT code, updated_at FROM issues WHERE project = '" + WebhookWorkload.PROJECT + "'")) {
            while (rs.next()) {
                Long want = expected.get(rs.getLong(1));
                if (want == null) {
                    continue;
                }
                found++;
                OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                if (at == null || at.toInstant().toEpochMilli() != want) {
                    wrong++;
                }
            }
        }
        if (found != expected.size() || wrong != 0) {
            return "H2 table: " + found + " of the " + expected.size() + " codes sent have a row, " + wrong
                    + " of them with a wrong updated_at";
        }
        return null;
    }
}
