package dev.camelcoding.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every fault kind, and the request counters. */
class FaultsTest {

    static CodingSimulator sim;
    static Api api;

    @BeforeAll
    static void start() {
        sim = CodingSimulator.builder().issues(50).start();
        api = new Api(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void clean() {
        sim.faults().reset();
        sim.counters().reset();
    }

    static Api.Answer user() {
        return api.call("DescribeCodingCurrentUser");
    }

    @Test
    void failNextAnswersEachKindThenRecovers() {
        sim.faults().failNext(1, FailureKind.INTERNAL_ERROR);
        Api.Answer internal = user();
        assertThat(internal.status()).isEqualTo(200);
        assertThat(internal.errorCode()).isEqualTo("InternalError");

        sim.faults().failNext(1, FailureKind.HTTP_500);
        assertThat(user().status()).isEqualTo(500);
        sim.faults().failNext(1, FailureKind.HTTP_502);
        Api.Answer gateway = user();
        assertThat(gateway.status()).isEqualTo(502);
        assertThat(gateway.json()).isNull();
        sim.faults().failNext(2, FailureKind.HTTP_503);
        assertThat(user().status()).isEqualTo(503);
        assertThat(user().status()).isEqualTo(503);
        assertThat(user().errorCode()).isNull();

        assertThat(sim.counters().count("DescribeCodingCurrentUser")).isEqualTo(6);
        assertThat(sim.counters().errors("DescribeCodingCurrentUser")).isEqualTo(5);
        assertThat(sim.counters().total()).isEqualTo(6);
        assertThat(sim.counters().snapshot()).containsEntry("DescribeCodingCurrentUser", 6L);
    }

    @Test
    void failureRateIsDeterministicForAGivenSeed() {
        List<Boolean> first = new ArrayList<>();
        try (CodingSimulator a = CodingSimulator.builder().issues(1).seed(7).start()) {
            a.faults().failureRate(0.3, FailureKind.INTERNAL_ERROR);
            Api ap = new Api(a);
            for (int k = 0; k < 60; k++) {
                first.add(ap.call("DescribeCodingCurrentUser").errorCode() != null);
            }
        }
        List<Boolean> second = new ArrayList<>();
        try (CodingSimulator b = CodingSimulator.builder().issues(1).seed(7).start()) {
            b.faults().failureRate(0.3, FailureKind.INTERNAL_ERROR);
            Api bp = new Api(b);
            for (int k = 0; k < 60; k++) {
                second.add(bp.call("DescribeCodingCurrentUser").errorCode() != null);
            }
        }
        assertThat(first).isEqualTo(second).contains(true, false);
        long failures = first.stream().filter(x -> x).count();
        assertThat(failures).isBetween(5L, 35L);
    }

    @Test
    void throttlingAsHttp429WithRetryAfterOrAsEnvelope() {
        sim.faults().throttleNext(1, 7, true);
        Api.Answer limited = user();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.http().headers().firstValue("Retry-After")).contains("7");
        assertThat(limited.errorCode()).isEqualTo("RequestLimitExceeded");

        sim.faults().throttleNext(1, 1, false);
        Api.Answer envelope = user();
        assertThat(envelope.status()).isEqualTo(200);
        assertThat(envelope.errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(user().errorCode()).isNull();
    }

    @Test
    void requestsPerSecondLimit() {
        // the window's second is the test's to move: the outcome of each call is exact, not a race with the clock
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(7_000_000_000L);
        sim.faults().windowClock(nanos::get).requestsPerSecondLimit(3);
        try {
            for (int k = 0; k < 3; k++) {
                assertThat(user().errorCode())
                        .as("call %d of the window", k + 1)
                        .isNull();
            }
            assertThat(user().errorCode()).isEqualTo("RequestLimitExceeded");
            assertThat(user().errorCode()).isEqualTo("RequestLimitExceeded");
            nanos.addAndGet(999_999_999L); // still the same second
            assertThat(user().errorCode()).isEqualTo("RequestLimitExceeded");
            nanos.addAndGet(1L); // the next second: a fresh window of 3
            for (int k = 0; k < 3; k++) {
                assertThat(user().errorCode())
                        .as("call %d of the next window", k + 1)
                        .isNull();
            }
            assertThat(user().errorCode()).isEqualTo("RequestLimitExceeded");
            sim.faults().requestsPerSecondLimit(0);
            assertThat(user().errorCode()).isNull();
        } finally {
            sim.faults().windowClock(System::nanoTime).requestsPerSecondLimit(0);
        }
    }

    @Test
    void truncatedBodyIsAValidHttpResponseWithBrokenJson() {
        sim.faults().truncateNext(1);
        Api.Answer cut = user();
        assertThat(cut.status()).isEqualTo(200);
        assertThat(cut.http().body()).startsWith("{\"Response\"");
        assertThat(cut.json()).isNull();
        assertThat(user().json()).isNotNull();
    }

    @Test
    void resetDropsTheConnection() {
        sim.faults().resetNext(1);
        assertThatThrownBy(FaultsTest::user)
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(user().errorCode()).isNull();
        assertThat(sim.counters().errors("DescribeCodingCurrentUser")).isEqualTo(1);
    }

    @Test
    void latencyIsAdded() {
        sim.faults().latency(Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThat(user().errorCode()).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unknownFieldsAppearInEnvelopeResponseAndRows() {
        sim.faults().unknownFieldsInResponses(true);
        Api.Answer a = api.call(
                "DescribeIssueListWithPage", "ProjectName", sim.projectName(), "IssueType", "ALL", "PageSize", 3);
        assertThat(a.json().has("XSimulatorEnvelopeExtra")).isTrue();
        assertThat(a.response().has("XSimulatorUnknown")).isTrue();
        assertThat(a.response().at("/Data/List/0").has("XSimulatorUnknown")).isTrue();
        assertThat(a.response().at("/Data/List/0/Code").asInt()).isPositive();
        sim.faults().reset();
        assertThat(user().response().has("XSimulatorUnknown")).isFalse();
    }
}
