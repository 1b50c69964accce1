package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingConstants;
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
 * With several projects delivering (one process syncing them, issue 19), each progress line says its project and
 * counts that project's rows alone; with one project the line stays as it was, without a project.
 */
class ProgressMeterProjectsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final ProgressMeter meter = ProgressMeter.withoutState();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private void deliver(String project, String table, String op, String pass) {
        deliver(camel, meter, project, table, op, pass);
    }

    /** One event of {@code project}'s {@code table} delivered through {@code meter} (a new context each time). */
    static void deliver(ProgressMeter meter, String project, String table, String op) {
        try (CamelContext context = new DefaultCamelContext()) {
            deliver(context, meter, project, table, op, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deliver(
            CamelContext camel, ProgressMeter meter, String project, String table, String op, String pass) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromRouteId("coding-" + table);
        exchange.getMessage().setHeader(CodingConstants.PROJECT, project);
        exchange.getMessage().setHeader(CodingConstants.TABLE, table);
        exchange.getMessage().setHeader(CodingConstants.OP, op);
        if (pass != null) {
            exchange.getMessage().setHeader(CodingConstants.PASS_ID, pass);
        }
        exchange.getMessage().setBody("{}");
        meter.notify(new ExchangeSendingEvent(exchange, null));
        meter.notify(new ExchangeCompletedEvent(exchange));
    }

    @Test
    void eachProjectHasItsLineWithItsOwnRows() {
        for (int i = 0; i < 3; i++) {
            deliver("alpha", "issues", "r", null);
        }
        deliver("alpha", "issues", "d", null);
        for (int i = 0; i < 5; i++) {
            deliver("beta", "issues", "r", null);
        }
        deliver("beta", "iterations", "r", "pass-1");
        deliver("beta", "iterations", "r", "pass-1");

        List<String> lines = meter.report(0, List.of("issues", "iterations"));

        assertThat(lines).hasSize(3); // and the team's line
        assertThat(lines.get(0))
                .startsWith("project alpha:")
                .contains("issues 2 (")
                .doesNotContain("iterations");
        assertThat(lines.get(1))
                .startsWith("project beta:")
                .contains("issues 5 (")
                .contains("iterations 2 (");
        // the team's figures stay the sum of the projects'
        assertThat(meter.delivered("issues")).isEqualTo(7);
    }

    @Test
    void oneProjectKeepsTheLineWithoutAProject() {
        deliver("alpha", "issues", "r", null);
        deliver("alpha", "issues", "r", null);

        List<String> lines = meter.report(0, List.of("issues"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("issues 2 (").doesNotContain("project");
    }
}
