package dev.camelcoding.client.oauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One OAuth authorization as the credentials file keeps it: the app, the URL that issued the tokens (the refresh
 * goes back to the same host, never a fixed one), the team CODING named, the live access and refresh tokens and when
 * the access token expires. {@link #toString()} hides every secret.
 */
public record OAuthGrant(
        String team,
        URI tokenUrl,
        OAuthApp app,
        String accessToken,
        String refreshToken,
        String scope,
        Instant obtainedAt,
        Instant expiresAt) {

    public OAuthGrant {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The grant a token answer makes, obtained at {@code now}. */
    static OAuthGrant from(TokenAnswer answer, String fallbackTeam, URI tokenUrl, OAuthApp app, Instant now) {
        String team = answer.team() != null ? answer.team() : fallbackTeam;
        return new OAuthGrant(
                team,
                tokenUrl,
                app,
                answer.accessToken(),
                answer.refreshToken(),
                answer.scope(),
                now,
                now.plus(answer.expiresIn()));
    }

    /**
     * The grant after a refresh: CODING rotates both tokens. A refresh answer without a refresh token keeps the old
     * one (RFC 6749 allows it), and without a team or scope keeps the old ones.
     */
    OAuthGrant rotated(TokenAnswer answer, Instant now) {
        return new OAuthGrant(
                answer.team() != null ? answer.team() : team,
                tokenUrl,
                app,
                answer.accessToken(),
                answer.refreshToken() != null ? answer.refreshToken() : refreshToken,
                answer.scope() != null ? answer.scope() : scope,
                now,
                now.plus(answer.expiresIn()));
    }

    /** Whether the access token expires within {@code margin} of {@code now} (or already has). */
    public boolean expiresWithin(Instant now, Duration margin) {
        return !now.plus(margin).isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "OAuthGrant[team=" + team + ", tokenUrl=" + tokenUrl + ", app=" + app + ", accessToken=****,"
                + " refreshToken=****, scope=" + scope + ", expiresAt=" + expiresAt + "]";
    }
}
