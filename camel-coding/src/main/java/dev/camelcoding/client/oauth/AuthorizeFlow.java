package dev.camelcoding.client.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The seed's "Authorize" button as a command-line flow (OAuth 2 authorization code, coding-api.md section 3):
 * <ol>
 *   <li>{@link #start()} opens a callback listener on 127.0.0.1 (port 0 = any free port) and makes the authorize URL
 *   {@code <site>/oauth_authorize.html?client_id&redirect_uri&response_type=code&state&scope} with a fresh, random
 *   {@code state};</li>
 *   <li>the user opens it and approves; CODING redirects the browser to {@code http://127.0.0.1:<port>/callback?code&state};</li>
 *   <li>the listener checks the state (it must be this run's, and it is good for one answer only: a wrong or replayed
 *   state gets an error page and nothing is exchanged), exchanges the code at {@code <site>/api/oauth/access_token}
 *   and saves the grant in the credential store.</li>
 * </ol>
 * The site is {@code https://<team>.coding.net} unless another one is given (a proxy, the simulator). Neither the
 * code nor any token appears on the pages or in the logs.
 */
public final class AuthorizeFlow implements AutoCloseable {

    public static final String CALLBACK_PATH = "/callback";

    private final URI siteUrl;
    private final String team;
    private final OAuthApp app;
    private final List<String> scopes;
    private final int redirectPort;
    private final CredentialStore store;
    private final TokenEndpoint tokenEndpoint;
    private final Clock clock;
    private final String state;
    private final AtomicBoolean stateUsed = new AtomicBoolean();
    private final CompletableFuture<OAuthGrant> outcome = new CompletableFuture<>();
    private HttpServer server;

    private AuthorizeFlow(Builder b) {
        if (b.siteUrl == null && (b.team == null || !b.team.matches("[A-Za-z0-9][A-Za-z0-9-]*"))) {
            throw new IllegalArgumentException("a CODING team name is needed: the <team> of https://<team>.coding.net/"
                    + (b.team == null ? "" : " ('" + b.team + "' is not one)"));
        }
        this.team = b.team;
        this.siteUrl = b.siteUrl != null ? b.siteUrl : URI.create("https://" + b.team + ".coding.net");
        this.app = Objects.requireNonNull(b.app, "the OAuth app (client id and secret)");
        if (b.scopes == null || b.scopes.isEmpty()) {
            throw new IllegalArgumentException("no scopes to ask for");
        }
        this.scopes = List.copyOf(b.scopes);
        if (b.redirectPort < 0 || b.redirectPort > 65535) {
            throw new IllegalArgumentException("the redirect port must be 0 to 65535, got " + b.redirectPort);
        }
        this.redirectPort = b.redirectPort;
        this.store = Objects.requireNonNull(b.store, "the credential store");
        this.tokenEndpoint = b.tokenEndpoint != null ? b.tokenEndpoint : new TokenEndpoint(Duration.ofSeconds(30));
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.state = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the callback listener; the authorize URL is known from then on. */
    public synchronized AuthorizeFlow start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), redirectPort), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on 127.0.0.1:" + redirectPort + " for CODING's redirect (" + e.getMessage()
                            + "): choose another --redirect-port",
                    e);
        }
        server.createContext(CALLBACK_PATH, this::callback);
        server.start();
        return this;
    }

    /** Where CODING sends the browser back: {@code http://127.0.0.1:<port>/callback}. */
    public URI redirectUri() {
        if (server == null) {
            throw new IllegalStateException("start() first");
        }
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK_PATH);
    }

    /** The URL the user opens to approve the app (contains no secret: the state only ties the answer to this run). */
    public URI authorizeUrl() {
        return URI.create(siteUrl.toString().replaceAll("/+$", "") + "/oauth_authorize.html"
                + "?client_id=" + enc(app.clientId())
                + "&redirect_uri=" + enc(redirectUri().toString())
                + "&response_type=code"
                + "&state=" + enc(state)
                + "&scope=" + enc(String.join(",", scopes)));
    }

    /** The token URL the code is exchanged at, and the refresh later goes to. */
    public URI tokenUrl() {
        return TokenEndpoint.tokenUrl(siteUrl);
    }

    /** Waits for the approved answer and returns the grant, already saved in the store. */
    public OAuthGrant await(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private void callback(HttpExchange ex) throws IOException {
        try {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String given = q.get("state");
            if (given == null
                    || !MessageDigest.isEqual(
                            given.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
                page(
                        ex,
                        400,
                        "Not accepted",
                        "This answer does not belong to the authorization this coding-sync is"
                                + " waiting for (wrong or missing state). Nothing was exchanged. Open the URL coding-sync"
                                + " printed.");
                return;
            }
            if (!stateUsed.compareAndSet(false, true)) {
                page(
                        ex,
                        400,
                        "Already used",
                        "This authorization answer was already received once (a state is good"
                                + " for one answer). Nothing was exchanged again.");
                return;
            }
            if (q.get("error") != null) {
                String why =
                        q.get("error") + (q.get("error_description") == null ? "" : ": " + q.get("error_description"));
                outcome.completeExceptionally(new OAuthException(
                        OAuthException.Kind.GRANT_REFUSED, "CODING did not authorize the app (" + why + ")", null));
                page(ex, 400, "Not authorized", "CODING did not authorize the app (" + why + ").");
                return;
            }
            String code = q.get("code");
            if (code == null || code.isBlank()) {
                outcome.completeExceptionally(
                        new OAuthException(OAuthException.Kind.BAD_ANSWER, "CODING's redirect carried no code", null));
                page(ex, 400, "No code", "CODING's answer carried no authorization code.");
                return;
            }
            OAuthGrant grant;
            try {
                TokenAnswer answer = tokenEndpoint.exchange(
                        tokenUrl(), app, code, redirectUri().toString());
                grant = OAuthGrant.from(answer, team != null ? team : q.get("team"), tokenUrl(), app, clock.instant());
                try (CredentialStore.Lock lock = store.lock()) {
                    store.save(grant);
                }
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
                page(
                        ex,
                        502,
                        "Authorization failed",
                        "The code could not be exchanged for tokens: see coding-sync's" + " output.");
                return;
            }
            page(
                    ex,
                    200,
                    "Authorized",
                    "coding-sync is authorized" + (grant.team() == null ? "" : " for team " + grant.team())
                            + ". You can close this tab.");
            outcome.complete(grant);
        } finally {
            ex.close();
        }
    }

    private static void page(HttpExchange ex, int status, String title, String text) throws IOException {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>coding-sync: " + escape(title)
                + "</title></head><body><h1>" + escape(title) + "</h1><p>" + escape(text) + "</p></body></html>";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        // The callback URL carries the code: keep it out of the Referer of anything the page could load.
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> fields = new HashMap<>();
        if (raw == null) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.putIfAbsent(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static final class Builder {
        private URI siteUrl;
        private String team;
        private OAuthApp app;
        private List<String> scopes;
        private int redirectPort;
        private CredentialStore store;
        private TokenEndpoint tokenEndpoint;
        private Clock clock;

        private Builder() {}

        /** The team: the site is https://&lt;team&gt;.coding.net unless {@link #siteUrl} says otherwise. */
        public Builder team(String team) {
            this.team = team == null || team.isBlank() ? null : team.trim();
            return this;
        }

        /** Another site than https://&lt;team&gt;.coding.net (a proxy, the simulator). */
        public Builder siteUrl(URI siteUrl) {
            this.siteUrl = siteUrl;
            return this;
        }

        public Builder app(OAuthApp app) {
            this.app = app;
            return this;
        }

        public Builder scopes(List<String> scopes) {
            this.scopes = scopes;
            return this;
        }

        /** 0 (default): any free port. */
        public Builder redirectPort(int redirectPort) {
            this.redirectPort = redirectPort;
            return this;
        }

        public Builder store(CredentialStore store) {
            this.store = store;
            return this;
        }

        public Builder tokenEndpoint(TokenEndpoint tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public AuthorizeFlow build() {
            return new AuthorizeFlow(this);
        }
    }
}
