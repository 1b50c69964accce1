package dev.camelcoding.component.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The rule of the shared reference answers, on a clock the test moves: another reader's answer is reused while
 * younger than the asking reader's window, and read again from then on (so a change at CODING is seen no later than
 * that reader's own poll would see it); a reader's own answer is never taken for a fresh one; a call under way is
 * joined, not repeated; a failed call is not kept.
 */
class ReferenceAnswersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration DELAY = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReferenceAnswers answers = new ReferenceAnswers(now::get);
    private final AtomicInteger calls = new AtomicInteger();
    private final Object schema = new Object();
    private final Object table = new Object();

    /** CODING's answer: one row saying which call (1, 2, ...) made it. */
    private Supplier<List<ObjectNode>> coding() {
        return () -> List.of(MAPPER.createObjectNode().put("call", calls.incrementAndGet()));
    }

    private int ask(Object reader) {
        return answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, reader, coding())
                .get(0)
                .path("call")
                .asInt();
    }

    @Test
    void anotherReadersAnswerServesWhileYoungerThanTheWindowAndIsReadAgainAfter() {
        assertThat(ask(schema)).isEqualTo(1);
        now.addAndGet(DELAY.toMillis() - 1);
        assertThat(ask(table)).as("9 min 59.999 s old: reused").isEqualTo(1);
        now.addAndGet(1);
        assertThat(ask(table)).as("as old as the table's delay: read again").isEqualTo(2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aReaderNeverTakesItsOwnPreviousAnswerForAFreshOne() {
        assertThat(ask(schema)).isEqualTo(1);
        now.addAndGet(1);
        assertThat(ask(schema)).as("asked again: it wants a newer answer").isEqualTo(2);
        assertThat(ask(table)).isEqualTo(2);
    }

    @Test
    void eachProjectAndCallHasItsOwnAnswer() {
        answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, coding());
        answers.answer("acme/web", "DescribeProjectIssueTypeList", DELAY, table, coding());
        answers.answer("acme/mobile", "DescribeProjectIssueFieldList/7", DELAY, table, coding());
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCallUnderWayIsJoinedNotRepeated() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<List<ObjectNode>> first = CompletableFuture.supplyAsync(
                () -> answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, () -> {
                    inCall.countDown();
                    awaitLatch(answer);
                    return coding().get();
                }));
        assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> ask(table));
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.waitingReaders() == 1);
        answer.countDown();
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(first.get(10, TimeUnit.SECONDS).get(0).path("call").asInt()).isEqualTo(1);
        assertThat(calls).hasValue(1);
        assertThat(answers.waitingReaders()).isZero();
    }

    @Test
    void aReaderWaitingForAnotherReadersCallEndsAtOnceWhenItsStopInterruptsIt() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        CompletableFuture<List<ObjectNode>> first = CompletableFuture.supplyAsync(
                () -> answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, () -> {
                    inCall.countDown();
                    awaitLatch(answer); // CODING is slow to answer
                    return coding().get();
                }));
        assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread stopping = new Thread(() -> {
            try {
                ask(table);
                ended.complete(null);
            } catch (Throwable failure) {
                ended.complete(failure);
            }
        });
        stopping.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.waitingReaders() == 1);
        stopping.interrupt(); // the route's stop, while the other reader's call is still under way

        // before: it waited out the other reader's call (here 10 s) whatever the interrupt
        assertThat(ended.get(2, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("interrupted");
        stopping.join(2_000);
        assertThat(answers.waitingReaders()).isZero();
        answer.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).get(0).path("call").asInt()).isEqualTo(1);
        assertThat(ask(table)).as("the other reader's answer is kept").isEqualTo(1);
    }

    /**
     * A call its own reader's stop interrupted says nothing of CODING: a reader waiting for it calls CODING itself
     * instead of failing with it. It failed so, and a run that CODING refused, stopping, then logged "issueTypes:
     * CODING unreachable (... interrupted while waiting for a permit ...)" for the waiting table.
     */
    @Test
    void aReaderWaitingForACallItsReadersStopInterruptedCallsCodingItself() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        Thread[] caller = new Thread[1];
        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> {
            caller[0] = Thread.currentThread();
            try {
                answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, () -> {
                    inCall.countDown();
                    try {
                        new CountDownLatch(1).await(10, TimeUnit.SECONDS); // CODING is slow to answer
                    } catch (InterruptedException e) {
                        // as the client does: a permit wait or an HTTP call its thread's interrupt ended
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for a permit", e);
                    }
                    return coding().get();
                });
                return null;
            } catch (Throwable failure) {
                return failure;
            }
        });
        assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> ask(table));
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.waitingReaders() == 1);

        caller[0].interrupt(); // the first reader's route stops
        assertThat(first.get(10, TimeUnit.SECONDS)).hasMessageContaining("interrupted");

        assertThat(waiting.get(10, TimeUnit.SECONDS))
                .as("the waiting reader's answer: CODING's first, from its own call")
                .isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aFailedCallIsNotKeptForTheNextReader() {
        assertThatThrownBy(() -> answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, () -> {
                    throw new IllegalStateException("CODING answered 500");
                }))
                .hasMessageContaining("500");
        assertThat(ask(table)).isEqualTo(1);
    }

    @Test
    void eachReaderGetsRowsOfItsOwn() {
        answers.answer("acme/mobile", "DescribeProjectIssueTypeList", DELAY, schema, coding())
                .get(0)
                .put("call", 99);
        assertThat(ask(table)).isEqualTo(1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
