package dev.camelcoding.simulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection, switchable while the simulator serves. All methods are thread-safe and return {@code this}.
 *
 * <p>Countdown faults ({@code failNext}, {@code throttleNext}, {@code truncateNext}, {@code resetNext}) hit exactly the
 * next {@code n} Open API calls, whatever their action. {@link #failureRate(double, FailureKind)} is deterministic: call
 * number {@code k} fails if a hash of (seed, k) falls below the rate, so the same call sequence fails the same way.
 * A call meets the faults in this order: latency, connection reset, throttling, request-per-second limit, failures,
 * then (after it has been answered normally) truncation of the body.
 */
public final class Faults {

    /** What a call meets, decided once per call. */
    enum Outcome {
        NONE,
        RESET,
        THROTTLE_429,
        THROTTLE_ENVELOPE,
        RATE_LIMITED,
        FAIL
    }

    private final long seed;
    private final AtomicLong callIndex = new AtomicLong();

    private double failureRate;
    private FailureKind rateKind = FailureKind.INTERNAL_ERROR;
    private int failNext;
    private FailureKind nextKind = FailureKind.INTERNAL_ERROR;
    private int requestsPerSecond;
    private long windowSecond = Long.MIN_VALUE;
    private int windowCount;
    /** Where the request-per-second windows come from: the JVM's clock, or a test's (see {@link #windowClock}). */
    private java.util.function.LongSupplier windowNanos = System::nanoTime;

    private int throttleNext;
    private int retryAfterSeconds;
    private boolean throttleAsHttp429;
    private Duration latency = Duration.ZERO;
    private int truncateNext;
    private int resetNext;
    private boolean unknownFields;

    Faults(long seed) {
        this.seed = seed;
    }

    /** A fraction (0..1) of calls fails with {@code kind}; 0 switches it off. */
    public synchronized Faults failureRate(double rate, FailureKind kind) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be within 0..1");
        }
        this.failureRate = rate;
        this.rateKind = kind;
        return this;
    }

    /** Exactly the next {@code n} calls fail with {@code kind}. */
    public synchronized Faults failNext(int n, FailureKind kind) {
        this.failNext = n;
        this.nextKind = kind;
        return this;
    }

    /** Above {@code n} calls within one wall-clock second, calls are answered {@code RequestLimitExceeded}; 0 = off. */
    public synchronized Faults requestsPerSecondLimit(int n) {
        this.requestsPerSecond = n;
        this.windowSecond = Long.MIN_VALUE;
        this.windowCount = 0;
        return this;
    }

    /**
     * The clock (nanoseconds, like {@link System#nanoTime()}) whose seconds are the windows of
     * {@link #requestsPerSecondLimit}: a test moves it to cross a window exactly instead of racing the wall clock.
     */
    public synchronized Faults windowClock(java.util.function.LongSupplier nanoTime) {
        this.windowNanos = java.util.Objects.requireNonNull(nanoTime, "nanoTime");
        this.windowSecond = Long.MIN_VALUE;
        this.windowCount = 0;
        return this;
    }

    /**
     * The next {@code n} calls are throttled: HTTP 429 with {@code Retry-After: retryAfterSeconds} when
     * {@code asHttp429}, otherwise HTTP 200 with the {@code RequestLimitExceeded} envelope.
     */
    public synchronized Faults throttleNext(int n, int retryAfterSeconds, boolean asHttp429) {
        this.throttleNext = n;
        this.retryAfterSeconds = retryAfterSeconds;
        this.throttleAsHttp429 = asHttp429;
        return this;
    }

    /** Added to every call before it is answered. */
    public synchronized Faults latency(Duration latency) {
        this.latency = latency == null ? Duration.ZERO : latency;
        return this;
    }

    /** The next {@code n} answers carry a body cut in half: a well-formed HTTP response whose JSON is incomplete. */
    public synchronized Faults truncateNext(int n) {
        this.truncateNext = n;
        return this;
    }

    /** The next {@code n} calls get their connection closed without any response. */
    public synchronized Faults resetNext(int n) {
        this.resetNext = n;
        return this;
    }

    /** Adds unknown fields to the envelope, {@code Response} and every object in every array (tolerant readers). */
    public synchronized Faults unknownFieldsInResponses(boolean on) {
        this.unknownFields = on;
        return this;
    }

    /** Switches every fault off. */
    public synchronized Faults reset() {
        failureRate = 0;
        failNext = 0;
        requestsPerSecond = 0;
        windowSecond = Long.MIN_VALUE;
        windowCount = 0;
        windowNanos = System::nanoTime;
        throttleNext = 0;
        latency = Duration.ZERO;
        truncateNext = 0;
        resetNext = 0;
        unknownFields = false;
        return this;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized boolean unknownFields() {
        return unknownFields;
    }

    synchronized int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Decides, once per call, which fault (if any) answers it; {@code kindOut[0]} receives the failure kind. */
    synchronized Outcome decide(FailureKind[] kindOut) {
        long k = callIndex.getAndIncrement();
        if (resetNext > 0) {
            resetNext--;
            return Outcome.RESET;
        }
        if (throttleNext > 0) {
            throttleNext--;
            return throttleAsHttp429 ? Outcome.THROTTLE_429 : Outcome.THROTTLE_ENVELOPE;
        }
        if (requestsPerSecond > 0) {
            long second = windowNanos.getAsLong() / 1_000_000_000L;
            if (second != windowSecond) {
                windowSecond = second;
                windowCount = 0;
            }
            if (++windowCount > requestsPerSecond) {
                return Outcome.RATE_LIMITED;
            }
        }
        if (failNext > 0) {
            failNext--;
            kindOut[0] = nextKind;
            return Outcome.FAIL;
        }
        if (failureRate > 0 && Seeds.unit(seed, k, 0xFA11L) < failureRate) {
            kindOut[0] = rateKind;
            return Outcome.FAIL;
        }
        return Outcome.NONE;
    }

    synchronized boolean takeTruncation() {
        if (truncateNext > 0) {
            truncateNext--;
            return true;
        }
        return false;
    }
}
