package dev.camelcoding.app.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for the tests.
 *
 * <p>{@link #bootstrapServers()} answers the bootstrap address of a running broker:
 * <ul>
 *   <li>the environment variable {@code CODING_TEST_KAFKA_BOOTSTRAP} when it is set;</li>
 *   <li>otherwise a broker of its own, started once per JVM on the first call: a single-node Kafka (the
 *       {@code kafka_2.13} test dependency, KRaft mode, broker and controller in one process) in a child JVM on this
 *       JVM's class path, listening on 127.0.0.1 and free ports, its data in a fresh directory
 *       {@code java.io.tmpdir/camel-coding-kafka-*}. A JVM shutdown hook stops it and deletes the directory; the
 *       child also exits by itself when this JVM dies without running its hooks (its stdin, a pipe from this JVM,
 *       reaches end of file).</li>
 * </ul>
 * Topics are auto-created with one partition; the broker is shared by every test of the JVM: use topic names of your
 * own.
 */
public final class TestKafka {

    /** The environment variable naming a broker that is already running. */
    public static final String BOOTSTRAP_ENV = "CODING_TEST_KAFKA_BOOTSTRAP";

    private static final String DIR_PREFIX = "camel-coding-kafka-";
    private static final long START_TIMEOUT_MS = 60_000;
    private static final int START_ATTEMPTS = 3;

    private static final TestServers.Address BROKER =
            new TestServers.Address("the Kafka test broker", BOOTSTRAP_ENV, TestKafka::startBroker);

    private TestKafka() {}

    /** The bootstrap servers of a running Kafka broker, started on the first call unless {@value #BOOTSTRAP_ENV} names one. */
    public static String bootstrapServers() {
        return BROKER.get();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String startBroker() {
        long started = System.nanoTime();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        TestServers.abandonedDirectories(tmp, DIR_PREFIX).forEach(TestServers::deleteTree);
        Path dir = TestServers.ownedDirectory(tmp, DIR_PREFIX, "Kafka");
        // The registered hook keeps the Process reachable: were it collected, its stdin pipe would close and the
        // broker would stop (see BrokerMain).
        AtomicReference<Process> current = new AtomicReference<>();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(current.get());
                            TestServers.deleteTree(dir);
                        },
                        "stop-test-kafka"));

        String why = "";
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int[] ports = TestServers.freePorts(2);
            int port = ports[0];
            int controllerPort = ports[1];
            Path props = dir.resolve("server-" + attempt + ".properties");
            Path log = dir.resolve("broker-" + attempt + ".log");
            try {
                Files.writeString(props, serverProperties(port, controllerPort, dir.resolve("data-" + attempt)));
                current.set(launch(props, log));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kafka broker child JVM", e);
            }
            String address = "127.0.0.1:" + port;
            String outcome = awaitReady(current.get(), port, log);
            if (outcome == null) {
                System.out.printf(
                        "[TestKafka] Kafka broker (KRaft) on %s, log %s, ready in %d ms%n",
                        address, log, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return address;
            }
            stop(current.get());
            why = outcome + "\n" + TestServers.tail(log);
            if (!outcome.contains("died") || !readQuietly(log).contains("Address already in use")) {
                break; // not a port taken between freePorts() and the bind: trying again would not help
            }
        }
        throw new IllegalStateException("the Kafka test broker did not start: " + why);
    }

    private static String serverProperties(int port, int controllerPort, Path data) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                // one node: internal topics with one replica, and few partitions so the first consumer group and
                // the first transaction do not wait for 50 partitions to be created
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "");
    }

    private static Process launch(Path props, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(
                "-Xmx512m",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.showThreadName=true",
                "-cp",
                classPath(),
                BrokerMain.class.getName(),
                props.toString(),
                Uuid.randomUuid().toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE) // the child's lifeline: see BrokerMain
                .start();
    }

    /**
     * The test class path. Surefire runs the tests from a manifest-only jar, so java.class.path is then that jar alone
     * (it works for a child too while it exists, but surefire.test.class.path names the real entries).
     */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** null once the broker answers describeCluster, else why not. */
    private static String awaitReady(Process broker, int port, Path log) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        try {
            // First until its port accepts connections (quietly: an admin client would log every refused attempt)...
            while (!accepts(port)) {
                if (!broker.isAlive()) {
                    return "the broker JVM died (exit " + broker.exitValue() + "); its log, " + log + ":";
                }
                if (System.currentTimeMillis() > deadline) {
                    return "the broker did not listen within " + START_TIMEOUT_MS / 1000 + " s; its log, " + log + ":";
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the broker";
        }
        // ... then until it answers as a broker.
        String address = "127.0.0.1:" + port;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, address);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
        try (Admin admin = Admin.create(config)) {
            while (System.currentTimeMillis() < deadline) {
                if (!broker.isAlive()) {
                    return "the broker JVM died (exit " + broker.exitValue() + "); its log, " + log + ":";
                }
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes()
                            .get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return null;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the broker";
        }
        return "the broker did not answer within " + START_TIMEOUT_MS / 1000 + " s; its log, " + log + ":";
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void stop(Process broker) {
        if (broker == null || !broker.isAlive()) {
            return;
        }
        broker.destroy(); // SIGTERM: Kafka's own shutdown hook stops the broker cleanly
        try {
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            broker.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * The child JVM's main: formats the storage ({@code kafka-storage format -t ID -c PROPS}), then runs
     * {@code kafka.Kafka PROPS}. It exits when its standard input ends, that is when the test JVM that started it is
     * gone, even if that JVM was killed and could not run its shutdown hook.
     */
    public static final class BrokerMain {

        private BrokerMain() {}

        public static void main(String[] args) {
            String props = args[0];
            String clusterId = args[1];
            Thread lifeline = new Thread(
                    () -> {
                        try {
                            while (System.in.read() >= 0) {
                                // the parent writes nothing: read until end of file
                            }
                        } catch (IOException ignored) {
                            // same as end of file
                        }
                        System.err.println("[TestKafka] the test JVM is gone: stopping the broker");
                        Thread killer = new Thread(
                                () -> {
                                    try {
                                        Thread.sleep(20_000);
                                    } catch (InterruptedException ignored) {
                                        // halt now
                                    }
                                    Runtime.getRuntime().halt(1);
                                },
                                "broker-halt");
                        killer.setDaemon(true);
                        killer.start();
                        System.exit(0);
                    },
                    "broker-lifeline");
            lifeline.setDaemon(true);
            lifeline.start();

            int formatted;
            try {
                formatted = kafka.tools.StorageTool.execute(
                        new String[] {"format", "-t", clusterId, "-c", props, "--ignore-formatted"}, System.out);
            } catch (Throwable e) {
                e.printStackTrace();
                formatted = 1;
            }
            if (formatted != 0) {
                System.err.println("[TestKafka] formatting the storage failed (" + formatted + ")");
                System.exit(2);
            }
            kafka.Kafka.main(new String[] {props});
        }
    }
}
