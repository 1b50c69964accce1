package dev.camelcoding.client;

import dev.camelcoding.protocol.IterationOffsetMode;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link CodingApiClient} needs: where CODING is, who calls, and how patiently.
 *
 * <p>CODING publishes no rate limit numbers. The default of 5 requests per second per credential is deliberately
 * conservative; a poll that finds nothing new costs one call per table, so it is ample for continuous syncs.
 */
public final class CodingClientOptions {

    public static final String DEFAULT_API_URL = "https://e.coding.net/open-api";

    private final URI apiUrl;
    private final CodingCredentials credentials;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final double requestsPerSecond;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxTotalWait;
    private final IterationOffsetMode iterationOffsetMode;
    private final ApiCallObserver callObserver;
    private final CallPriority callPriority;
    private final String budgetSource;

    private CodingClientOptions(Builder b) {
        this.apiUrl = validateUrl(b.apiUrl);
        this.credentials = Objects.requireNonNull(
                b.credentials, "credentials are required: a personal token, an OAuth token or a project token");
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
        if (!(b.requestsPerSecond > 0)) {
            throw new IllegalArgumentException(
                    "rateLimit must be above 0 requests per second, got " + b.requestsPerSecond);
        }
        this.requestsPerSecond = b.requestsPerSecond;
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + b.maxAttempts);
        }
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = positive(b.initialBackoff, "initialBackoff");
        this.maxBackoff = positive(b.maxBackoff, "maxBackoff");
        this.maxTotalWait = positive(b.maxTotalWait, "maxTotalWait");
        this.iterationOffsetMode = Objects.requireNonNull(b.iterationOffsetMode);
        this.callObserver = Objects.requireNonNull(b.callObserver, "callObserver");
        this.callPriority = Objects.requireNonNull(b.callPriority, "callPriority");
        this.budgetSource = b.budgetSource == null ? "" : b.budgetSource;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder()
                .apiUrl(apiUrl.toString())
                .credentials(credentials)
                .connectTimeout(connectTimeout)
                .requestTimeout(requestTimeout)
                .requestsPerSecond(requestsPerSecond)
                .maxAttempts(maxAttempts)
                .initialBackoff(initialBackoff)
                .maxBackoff(maxBackoff)
                .maxTotalWait(maxTotalWait)
                .iterationOffsetMode(iterationOffsetMode)
                .callObserver(callObserver)
                .callPriority(callPriority)
                .budgetSource(budgetSource);
    }

    /** The Open API URL for a team: {@code https://<team>.coding.net/open-api}. */
    public static String apiUrlForTeam(String team) {
        if (team == null || !team.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "'" + team + "' is not a CODING team name: it is the <team> of https://<team>.coding.net/");
        }
        return "https://" + team + ".coding.net/open-api";
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public CodingCredentials credentials() {
        return credentials;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public double requestsPerSecond() {
        return requestsPerSecond;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public Duration maxTotalWait() {
        return maxTotalWait;
    }

    public IterationOffsetMode iterationOffsetMode() {
        return iterationOffsetMode;
    }

    /** Told of every call and its result (the metrics' API call counters); {@link ApiCallObserver#NONE} by default. */
    public ApiCallObserver callObserver() {
        return callObserver;
    }

    /** The priority of this client's calls at the credential's limiter (a call may name another, see CallPriority). */
    public CallPriority callPriority() {
        return callPriority;
    }

    /**
     * The source (a team and project) this client's calls take their turns as at the credential's limiter; "" when
     * unnamed (a command's one client).
     */
    public String budgetSource() {
        return budgetSource;
    }

    private static URI validateUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "apiUrl is empty: use " + DEFAULT_API_URL + " or https://<team>.coding.net/open-api");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("apiUrl '" + url + "' is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "apiUrl '" + url + "' must be an http(s) URL such as " + DEFAULT_API_URL);
        }
        return uri;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
        return value;
    }

    public static final class Builder {
        private String apiUrl = DEFAULT_API_URL;
        private CodingCredentials credentials;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private double requestsPerSecond = 5;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration maxTotalWait = Duration.ofMinutes(2);
        private IterationOffsetMode iterationOffsetMode = IterationOffsetMode.DETECT;
        private ApiCallObserver callObserver = ApiCallObserver.NONE;
        private CallPriority callPriority = CallPriority.POLL;
        private String budgetSource = "";

        private Builder() {}

        public Builder apiUrl(String apiUrl) {
            this.apiUrl = apiUrl;
            return this;
        }

        public Builder credentials(CodingCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Requests per second allowed for this credential, shared by every client using it in this JVM. */
        public Builder requestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
            return this;
        }

        /** Attempts per call, the first included, for throttled and transient failures. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** The most time one call may spend waiting between its attempts before it gives up with a clear error. */
        public Builder maxTotalWait(Duration maxTotalWait) {
            this.maxTotalWait = maxTotalWait;
            return this;
        }

        public Builder iterationOffsetMode(IterationOffsetMode iterationOffsetMode) {
            this.iterationOffsetMode = iterationOffsetMode;
            return this;
        }

        public Builder callObserver(ApiCallObserver callObserver) {
            this.callObserver = callObserver;
            return this;
        }

        public Builder callPriority(CallPriority callPriority) {
            this.callPriority = callPriority;
            return this;
        }

        /** The source whose turn this client's calls wait for at the limiter (see {@link CredentialLimiter}). */
        public Builder budgetSource(String budgetSource) {
            this.budgetSource = budgetSource;
            return this;
        }

        public CodingClientOptions build() {
            return new CodingClientOptions(this);
        }
    }
}
