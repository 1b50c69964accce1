package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.changelog.LogPosition;
import dev.camelcoding.simulator.CodingSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped routes (sources → pipeline with its throttle and dead letter channel → routes/sinks/jdbc) with
 * {@code coding.store.url} set to the JDBC sink's database: every exchange of the log consumers reaches the sink with
 * its {@link LogPosition}, and the sink commits the offset in its own transaction, a batch of issues as well as an
 * iterations overwrite pass (whose batch ends with the pass's own statements).
 */
class OneDatabaseRoutesTest {

    @TempDir
    Path data;

    private CodingSimulator sim;
    private SyncApplication app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** What each completed exchange of a log consumer said: its route, and whether the sink committed its offset. */
    private record Completed(String route, LogPosition position, boolean committedBySink) {}

    @Test
    void theSinkCommitsTheConsumersOffsetThroughTheShippedRoutes() throws Exception {
        sim = CodingSimulator.builder().issues(50).iterations(3).start();
        String url = "jdbc:h2:mem:one-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        Properties settings = SyncHarness.settings(sim, url, data);
        settings.setProperty("coding.tables", "issues,iterations");
        settings.setProperty("coding.store.url", url);
        settings.setProperty("coding.store.user", "sa");
        app = new SyncApplication(settings);
        app.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> SyncHarness.count(url, "issues") == 50 && SyncHarness.count(url, "iterations") == 3);

        List<Completed> completed = new CopyOnWriteArrayList<>();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
                LogPosition position = exchange.getProperty(CodingConstants.LOG_POSITION, LogPosition.class);
                if (position != null) {
                    completed.add(new Completed(
                            exchange.getFromRouteId(),
                            position,
                            Boolean.TRUE.equals(
                                    exchange.getProperty(CodingConstants.LOG_OFFSET_COMMITTED, Boolean.class))));
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.ExchangeCompletedEvent;
            }
        };
        app.camel().getManagementStrategy().addEventNotifier(notifier);
        ServiceHelper.startService(notifier);
        app.camel().getCamelContextExtension().setEventNotificationApplicable(true);

        // changes after the notifier is in place: an issue renamed, an iteration created (a new overwrite pass)
        sim.updateIssue(sim.data().issueCodes()[0], edit -> edit.name("renamed with the store in the sink's database"));
        sim.createIteration("a sprint created with the store in the sink's database");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> completed.stream().anyMatch(c -> c.route().equals("coding-issues"))
                        && completed.stream().anyMatch(c -> c.route().equals("coding-iterations"))
                        && SyncHarness.count(url, "iterations") == 4);

        assertThat(completed)
                .as("every log consumer's exchange: its offset committed by the sink")
                .allSatisfy(
                        c -> assertThat(c.committedBySink()).as(c.toString()).isTrue());
    }
}
