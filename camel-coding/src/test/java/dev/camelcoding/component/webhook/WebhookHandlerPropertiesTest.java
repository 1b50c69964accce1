package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.protocol.HookSignature;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;

/**
 * Random bodies and headers against the request handler: an unverified body never gets a 2xx and never reaches the
 * route; bad input never gets a 500.
 */
class WebhookHandlerPropertiesTest {

    private static final String SECRET = "property-secret";
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    record Request(String method, String contentType, byte[] body, String signature, String eventHeader) {}

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> methods = Arbitraries.of("POST", "POST", "POST", "GET", "PUT", "DELETE");
        Arbitrary<String> types = Arbitraries.of(
                "application/json",
                "application/json; charset=UTF-8",
                "text/plain",
                "application/x-www-form-urlencoded",
                null,
                "multipart/form-data");
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.strings().ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of(
                                "{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":1}}",
                                "{\"event\":\"PING\"}",
                                "{\"event\":\"GIT_PUSHED\"}",
                                "[]",
                                "{}",
                                "null",
                                "{\"event\":42}",
                                "payload=%7B%22event%22%3A%22ISSUE_CREATED%22%7D")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> signatures = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(40).map(h -> "sha1=" + h));
        Arbitrary<String> events = Arbitraries.of(null, "ISSUE_UPDATED", "PING", "ping", "GIT_PUSHED", "");
        return Combinators.combine(methods, types, bodies, signatures, events).as(Request::new);
    }

    @Property(tries = 400)
    void unverifiedBodiesAreNeverAcceptedAndBadInputIsNeverA500(@ForAll("requests") Request request) {
        AtomicInteger delivered = new AtomicInteger();
        WebhookRequestHandler handler = countingHandler(1024, delivered);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
        if (request.contentType() != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, request.contentType());
        }
        if (request.signature() != null) {
            exchange.getMessage().setHeader("X-Coding-Signature", request.signature());
        }
        if (request.eventHeader() != null) {
            exchange.getMessage().setHeader("X-Coding-Service-Hook-Event", request.eventHeader());
        }
        exchange.getMessage().setBody(request.body());

        handler.process(exchange);

        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        boolean verified =
                request.signature() != null && HookSignature.verify(request.signature(), SECRET, request.body());
        if (!verified) {
            assertThat(status / 100).as("an unverified body gets no 2xx").isNotEqualTo(2);
            assertThat(delivered).hasValue(0);
        }
        assertThat(status).as("bad input is the sender's fault, never ours").isNotEqualTo(500);
    }

    @Property(tries = 200)
    void signedWellFormedDeliveriesAreAccepted(@ForAll("codes") int code) {
        AtomicInteger delivered = new AtomicInteger();
        WebhookRequestHandler handler = countingHandler(1 << 20, delivered);
        byte[] body =
                ("{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":" + code + "}}").getBytes(StandardCharsets.UTF_8);
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("X-Coding-Signature", HookSignature.sign(SECRET, body));
        exchange.getMessage().setHeader("X-Coding-Delivery", "d-" + code);
        exchange.getMessage().setBody(body);

        handler.process(exchange);

        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class))
                .isEqualTo(200);
        assertThat(delivered).hasValue(1);
    }

    /** A handler for the issues table whose target only counts what reaches it. */
    private static WebhookRequestHandler countingHandler(long maxBody, AtomicInteger delivered) {
        WebhookRequestHandler handler = new WebhookRequestHandler("/p", SECRET, maxBody, started());
        handler.register(new WebhookTarget() {
            @Override
            public CodingTable table() {
                return CodingTable.ISSUES;
            }

            @Override
            public Outcome deliver(HookDelivery delivery, HookEvents.Mapping mapping) {
                delivered.incrementAndGet();
                return Outcome.EMITTED;
            }
        });
        return handler;
    }

    private static MemoryIdempotentRepository started() {
        MemoryIdempotentRepository repository = new MemoryIdempotentRepository();
        repository.start();
        return repository;
    }

    @Provide
    Arbitrary<Integer> codes() {
        return Arbitraries.integers().between(1, 1_000_000);
    }

    @Property(tries = 1)
    void aRedeliveryWhileTheFirstAttemptRunsIsNotAnsweredAsDone() throws Exception {
        java.util.concurrent.CountDownLatch inRoute = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        WebhookRequestHandler handler = new WebhookRequestHandler("/p", SECRET, 1 << 20, started());
        handler.register(new WebhookTarget() {
            @Override
            public CodingTable table() {
                return CodingTable.ISSUES;
            }

            @Override
            public Outcome deliver(HookDelivery delivery, HookEvents.Mapping mapping) throws Exception {
                inRoute.countDown();
                release.await();
                throw new IllegalStateException("the sink fails after a while");
            }
        });
        byte[] body = "{\"event\":\"ISSUE_UPDATED\",\"issue\":{\"code\":1}}".getBytes(StandardCharsets.UTF_8);
        java.util.function.Supplier<Exchange> delivery = () -> {
            Exchange exchange = new DefaultExchange(CAMEL);
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("X-Coding-Signature", HookSignature.sign(SECRET, body));
            exchange.getMessage().setHeader("X-Coding-Delivery", "same-delivery");
            exchange.getMessage().setBody(body);
            return exchange;
        };
        Exchange first = delivery.get();
        Thread firstAttempt = new Thread(() -> handler.process(first));
        firstAttempt.start();
        inRoute.await();

        Exchange redelivery = delivery.get();
        handler.process(redelivery);
        release.countDown();
        firstAttempt.join();

        assertThat(redelivery.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class))
                .isEqualTo(409);
        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class))
                .isEqualTo(500);
    }
}
