package dev.camelcoding.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK HTTP clients of one owner (a {@code coding:} component, so one CamelContext; or a standalone client): one
 * client, so one connection pool and one selector thread, per credential, CODING address and connect timeout, shared
 * by every {@link CodingApiClient} made with this owner's instance.
 *
 * <p>Why shared: each JDK {@code HttpClient} starts a selector thread and a pool of its own connections. A team
 * synced by one process has four endpoints per project, each with a client (and a webhook consumer's refetch client
 * besides): a few hundred projects made as many threads and TLS connections to one host. Why per credential: the
 * connections of one credential's calls never serve another's (as the rate limiters are kept apart). Why per connect
 * timeout: it is a setting of the HTTP client itself, not of a request; a webhook refetch connects with a shorter one.
 * Nothing here is static: a stopped component drops its clients, and two CamelContexts never share one.
 *
 * <p>Keyed by the credential's one-way {@link CodingCredentials#fingerprint() fingerprint}; never holds a secret.
 */
public final class HttpClients {

    private record Key(String credential, String scheme, String authority, Duration connectTimeout) {}

    private final Map<Key, HttpClient> clients = new ConcurrentHashMap<>();

    /** The HTTP client for {@code options}' credential, address and connect timeout, made on first use. */
    public HttpClient clientFor(CodingClientOptions options) {
        URI api = options.apiUrl();
        Key key = new Key(
                options.credentials().fingerprint(), api.getScheme(), api.getRawAuthority(), options.connectTimeout());
        return clients.computeIfAbsent(key, k -> newClient(api, options.connectTimeout()));
    }

    /** How many HTTP clients this owner holds (for status and tests). */
    public int size() {
        return clients.size();
    }

    /**
     * Forgets the clients (the owner stopped): on Java 17 a JDK HTTP client cannot be closed, its selector thread
     * ends once nothing references it, so dropping the references here is how it ends.
     */
    public void clear() {
        clients.clear();
    }

    private static HttpClient newClient(URI api, Duration connectTimeout) {
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equals(api.getScheme())) {
            // Plain-HTTP endpoints (a simulator, a proxy) rarely speak h2c; do not attempt the upgrade.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        return builder.build();
    }
}
