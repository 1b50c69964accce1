package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.CodingConstants;
import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.status.PollFailure;
import dev.camelcoding.component.status.PollProblem;
import dev.camelcoding.component.status.SyncPhase;
import dev.camelcoding.component.status.TableStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.event.ExchangeCompletedEvent;
import org.apache.camel.impl.event.ExchangeSendingEvent;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A listed table's "backfill complete" line waits until the sink was handed the rows its first pass listed. CI
 * printed "iterations: backfill complete, 0 rows" (then never the right line): the iterations' status said
 * {@code listing} while it knew no rows yet (its first poll had been throttled), and the meter took a listing that
 * knew no rows for one that had delivered them all.
 */
class ProgressListingCompletionTest {

    private static final List<String> TABLES = List.of("iterations");

    private final CamelContext camel = new DefaultCamelContext();
    private final AtomicReference<TableStatus> iterations = new AtomicReference<>();
    private final ProgressMeter meter = ProgressMeter.withStates(
            table -> table.equals("iterations") ? Optional.ofNullable(iterations.get()) : Optional.empty());

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private static TableStatus listing(OptionalLong rowsKnown, Optional<PollFailure> failure) {
        Instant now = Instant.now();
        return new TableStatus(
                CodingTable.ITERATIONS,
                "coding:test:iterations",
                SyncPhase.LISTING,
                OptionalInt.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(now),
                failure.isPresent() ? Optional.empty() : Optional.of(now),
                rowsKnown.orElse(0),
                rowsKnown.orElse(0),
                failure.isPresent() ? 1 : 0,
                failure,
                rowsKnown,
                Optional.empty());
    }

    private void deliver(long code) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getExchangeExtension().setFromRouteId("coding-iterations");
        exchange.getMessage().setHeader(CodingConstants.TABLE, "iterations");
        exchange.getMessage().setHeader(CodingConstants.OP, "r");
        exchange.getMessage().setHeader(CodingConstants.KEY, "{\"project\":\"p\",\"code\":" + code + "}");
        exchange.getMessage().setBody("{}");
        meter.notify(new ExchangeSendingEvent(exchange, null));
        meter.notify(new ExchangeCompletedEvent(exchange));
    }

    private List<String> completions() {
        return meter.report(0, TABLES).stream()
                .filter(line -> line.startsWith("iterations: backfill complete"))
                .toList();
    }

    @Test
    void aListingWhoseFirstPollWasRefusedHasCompletedNothing() {
        assertThat(completions()).isEmpty(); // the run starts on an empty store: no state yet
        iterations.set(listing(
                OptionalLong.empty(),
                Optional.of(new PollFailure(PollProblem.THROTTLED, "CODING is throttling the credential"))));

        assertThat(completions()).isEmpty();
    }

    @Test
    void aListingCompletesOnceTheSinkWasHandedEveryRowItsPassListed() {
        assertThat(completions()).isEmpty(); // the run starts on an empty store: no state yet
        iterations.set(listing(OptionalLong.empty(), Optional.empty())); // the poll ran, its pass is not saved yet
        assertThat(completions()).isEmpty();

        iterations.set(listing(OptionalLong.of(2), Optional.empty())); // the pass is in the change log
        assertThat(completions()).isEmpty();
        deliver(1);
        assertThat(completions()).isEmpty();
        deliver(2);

        assertThat(completions())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("iterations: backfill complete, 2 rows "));
        assertThat(completions()).isEmpty(); // said once
    }
}
