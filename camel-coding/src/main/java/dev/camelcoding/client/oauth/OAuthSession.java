package dev.camelcoding.client.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token of one credential store, kept fresh: refreshed shortly before it expires, and once after CODING
 * refused it. Each connection has its own session over its own store; nothing here is shared between stores.
 *
 * <p>A refresh runs under the store's lock and starts by re-reading the store: if another thread, endpoint or
 * process refreshed meanwhile, its tokens are taken and no refresh token is spent twice (CODING invalidates the old
 * refresh token on every refresh, so a second spend would lose the grant). The rotated pair is saved durably
 * <em>before</em> this session hands out the new access token or forgets the old one: a crash after CODING answered
 * and before the save is the only moment that can lose the grant, and it lasts one fsync.
 */
public final class OAuthSession {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthSession.class);
    /** Refresh this long before expiry, so a call never leaves with a token that dies on the way. */
    static final Duration DEFAULT_MARGIN = Duration.ofMinutes(5);

    private final CredentialStore store;
    private final TokenEndpoint tokenEndpoint;
    private final Clock clock;
    private final Duration margin;
    private volatile OAuthGrant current;

    public OAuthSession(CredentialStore store, TokenEndpoint tokenEndpoint, Clock clock) {
        this(store, tokenEndpoint, clock, DEFAULT_MARGIN);
    }

    public OAuthSession(CredentialStore store, TokenEndpoint tokenEndpoint, Clock clock, Duration margin) {
        this.store = Objects.requireNonNull(store, "store");
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.margin = Objects.requireNonNull(margin, "margin");
    }

    public CredentialStore store() {
        return store;
    }

    /** The access token to send now; refreshes first when it expires within the margin. */
    public String accessToken() {
        OAuthGrant grant = current;
        if (grant == null) {
            grant = adopt(load());
        }
        // Never cut the margin below half the token's lifetime, or a short-lived token would refresh on every call.
        Duration lifetime = Duration.between(grant.obtainedAt(), grant.expiresAt());
        Duration effective = margin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : margin;
        if (grant.expiresWithin(clock.instant(), effective)) {
            grant = refresh(grant.accessToken(), effective);
        }
        return grant.accessToken();
    }

    /**
     * CODING refused {@code rejectedAccessToken}: returns a different, fresh access token (refreshing unless someone
     * already did), or throws {@link OAuthException} when the grant itself is gone.
     */
    public String renewAfterRejection(String rejectedAccessToken) {
        return refresh(rejectedAccessToken, null).accessToken();
    }

    /** The grant this session holds now (no secret in its toString). */
    public OAuthGrant grant() {
        OAuthGrant grant = current;
        return grant != null ? grant : adopt(load());
    }

    /**
     * Refreshes unless the store already holds a token other than {@code stale} that is not about to expire (then
     * another refresher got there first). {@code margin} null: {@code stale} was refused, any other unexpired token
     * is good.
     */
    private OAuthGrant refresh(String stale, Duration margin) {
        try (CredentialStore.Lock lock = store.lock()) {
            OAuthGrant onDisk = load();
            Instant now = clock.instant();
            boolean someoneRefreshed = !onDisk.accessToken().equals(stale)
                    && !onDisk.expiresWithin(now, margin == null ? Duration.ZERO : margin);
            if (someoneRefreshed) {
                return adopt(onDisk);
            }
            TokenAnswer answer;
            try {
                answer = tokenEndpoint.refresh(onDisk.tokenUrl(), onDisk.app(), onDisk.refreshToken());
            } catch (OAuthException e) {
                OAuthGrant again = e.kind() == OAuthException.Kind.GRANT_REFUSED
                        ? store.load().orElse(null)
                        : null;
                if (again != null && !again.refreshToken().equals(onDisk.refreshToken())) {
                    // A store without a real lock: another refresher rotated the pair meanwhile; take its tokens.
                    return adopt(again);
                }
                if (e.kind() == OAuthException.Kind.GRANT_REFUSED || e.kind() == OAuthException.Kind.CLIENT_REFUSED) {
                    throw new OAuthException(
                            e.kind(),
                            "The OAuth grant in " + store.id() + " is expired or revoked (" + e.getMessage()
                                    + "): run coding-sync authorize --credentials " + store.id() + " again",
                            e);
                }
                throw e;
            }
            OAuthGrant rotated = onDisk.rotated(answer, now);
            store.save(rotated); // durable before the new token is used and before the old one is forgotten
            LOG.info("Refreshed the OAuth access token of {} (valid until {})", store.id(), rotated.expiresAt());
            return adopt(rotated);
        }
    }

    private OAuthGrant load() {
        return store.load()
                .orElseThrow(() -> new OAuthException(
                        OAuthException.Kind.NO_GRANT,
                        "No OAuth grant in " + store.id() + ": run coding-sync authorize --credentials " + store.id(),
                        null));
    }

    private OAuthGrant adopt(OAuthGrant grant) {
        current = grant;
        return grant;
    }

    @Override
    public String toString() {
        return "OAuthSession[" + store.id() + "]";
    }
}
