package dev.camelcoding.client.oauth;

import java.util.Optional;

/**
 * Where one OAuth grant is kept between runs. A refresh spends the refresh token, so the rotated pair must be durable
 * before anything uses it ({@link #save} returns only once it is), and two refreshers of the same grant, in this JVM or
 * another process, must take turns ({@link #lock}): the second then finds the first one's tokens and does not spend
 * a refresh token that no longer exists.
 */
public interface CredentialStore {

    /** A stable name of this store for messages and for keying shared state (a path, a bean name); no secret. */
    String id();

    /** The grant kept now, read from the store itself (not a cache), or empty when nothing was authorized yet. */
    Optional<OAuthGrant> load();

    /** Replaces the grant, durably: when this returns, a crash or power loss keeps the new grant. */
    void save(OAuthGrant grant);

    /** Takes the store's refresh lock, waiting for other holders in this JVM and in other processes. */
    Lock lock();

    /** The held refresh lock. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
