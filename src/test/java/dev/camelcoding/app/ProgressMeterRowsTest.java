package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.event.ExchangeCompletedEvent;
import org.apache.camel.impl.event.ExchangeSendingEvent;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The progress meter counts a table's rows from the events' ops and keeps no key: a set of every key delivered was
 * the largest thing {@code run} held (some 100 bytes a row: 100 MB of live heap at a million issues, issue 18).
 */
class ProgressMeterRowsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final ProgressMeter meter = ProgressMeter.withoutState();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private void deliver(String table, String op, String key, String pass) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromRouteId("coding-" + table);
        exchange.getMessage().setHeader(CodingConstants.TABLE, table);
        exchange.getMessage().setHeader(CodingConstants.OP, op);
        exchange.getMessage().setHeader(CodingConstants.KEY, key);
        if (pass != null) {
            exchange.getMessage().setHeader(CodingConstants.PASS_ID, pass);
        }
        exchange.getMessage().setBody("{}");
        meter.notify(new ExchangeSendingEvent(exchange, null));
        meter.notify(new ExchangeCompletedEvent(exchange));
    }

    @Test
    void rowsAreTheRowsThatAppearedLessTheDeletedAndAnUpdateIsNoNewRow() {
        deliver("issues", "r", "{\"code\":1}", null);
        deliver("issues", "r", "{\"code\":2}", null);
        deliver("issues", "u", "{\"code\":1}", null);
        deliver("issues", "c", "{\"code\":3}", null);
        deliver("issues", "d", "{\"code\":2}", null);
        // an edit of a row committed before this run: the table has no more rows for it
        deliver("issues", "u", "{\"code\":4}", null);

        assertThat(meter.delivered("issues")).isEqualTo(2);
        assertThat(meter.count("issues")).isEqualTo(6);
    }

    @Test
    void anOverwritePassCountsItsRowsOnceWhateverTheNumberOfPasses() {
        for (String pass : List.of("pass-1", "pass-2", "pass-3")) {
            for (int i = 1; i <= 4; i++) {
                deliver("iterations", "r", "{\"code\":" + i + "}", pass);
            }
        }
        assertThat(meter.delivered("iterations")).isEqualTo(4);
        deliver("iterations", "d", "{\"project\":\"p\"}", "pass-4"); // an empty pass: every row is gone
        assertThat(meter.delivered("iterations")).isZero();
    }

    @Test
    void theMeterKeepsNoKeyItCounted() {
        List<WeakReference<String>> keys = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String key = new String("{\"project\":\"p\",\"code\":" + i + "}");
            keys.add(new WeakReference<>(key));
            deliver("issues", "r", key, null);
        }
        assertThat(meter.delivered("issues")).isEqualTo(1000);
        // every key is collectable once delivered: the meter's memory does not grow with the table
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return keys.stream().allMatch(ref -> ref.get() == null);
                });
    }
}
