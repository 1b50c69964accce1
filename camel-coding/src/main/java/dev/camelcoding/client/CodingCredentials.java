package dev.camelcoding.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The three ways CODING's Open API accepts a caller. Each renders its own {@code Authorization} header and never
 * prints its secret: {@link #toString()} is redacted, and {@link #fingerprint()} is a one-way hash that can key
 * shared state (the per-credential rate limiter) without holding the secret itself.
 */
public sealed interface CodingCredentials {

    /** The value of the {@code Authorization} header. Never log it. */
    String authorizationHeader();

    /** What kind of credential this is, in words a user recognises, for error messages. */
    String kind();

    /** Where the user gets a new one of these: part of the advice in authentication errors. */
    String howToRenew();

    /**
     * A new {@code Authorization} value after CODING refused {@code rejectedAuthorization}, or null when this kind of
     * credential cannot renew itself (only an OAuth grant with a refresh token can). Called once per refusal.
     */
    default String renewAfterRejection(String rejectedAuthorization) {
        return null;
    }

    /** A short, stable, one-way identifier of this credential (SHA-256 of the header, first 16 hex digits). */
    default String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(authorizationHeader().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A personal access token: {@code Authorization: token <token>}. */
    static CodingCredentials personalToken(String token) {
        return new PersonalToken(token);
    }

    /** An OAuth 2 access token: {@code Authorization: Bearer <token>}. */
    static CodingCredentials oauthToken(String accessToken) {
        return new OAuthToken(accessToken);
    }

    /**
     * An OAuth grant kept in a credential store (written by {@code coding-sync authorize}): {@code Authorization:
     * Bearer <access token>}, the token refreshed before it expires and once after CODING refuses it.
     */
    static CodingCredentials oauthGrant(dev.camelcoding.client.oauth.OAuthSession session) {
        return new OAuthStore(session);
    }

    /** A project token (a generated user name and password): {@code Authorization: Basic base64(user:password)}. */
    static CodingCredentials projectToken(String username, String password) {
        return new ProjectToken(username, password);
    }

    record PersonalToken(String token) implements CodingCredentials {
        public PersonalToken {
            token = requireValue(token, "personal access token");
            // Users paste the header value they saw in CODING's docs; accept it rather than sending "token token ...".
            if (token.regionMatches(true, 0, "token ", 0, 6)) {
                token = token.substring(6).trim();
            }
        }

        @Override
        public String authorizationHeader() {
            return "token " + token;
        }

        @Override
        public String kind() {
            return "personal access token";
        }

        @Override
        public String howToRenew() {
            return "create a new personal access token in CODING (Personal settings > Access tokens) with the read scopes"
                    + " of the tables you sync, and set the 'token' option";
        }

        @Override
        public String toString() {
            return "PersonalToken[****]";
        }
    }

    record OAuthToken(String accessToken) implements CodingCredentials {
        public OAuthToken {
            accessToken = requireValue(accessToken, "OAuth access token");
            if (accessToken.regionMatches(true, 0, "Bearer ", 0, 7)) {
                accessToken = accessToken.substring(7).trim();
            }
        }

        @Override
        public String authorizationHeader() {
            return "Bearer " + accessToken;
        }

        @Override
        public String kind() {
            return "OAuth access token";
        }

        @Override
        public String howToRenew() {
            return "authorize the application again (or refresh the token: CODING access tokens expire and a refresh"
                    + " invalidates the previous one) and set the 'oauthToken' option";
        }

        @Override
        public String toString() {
            return "OAuthToken[****]";
        }
    }

    /**
     * The OAuth grant of one credential store. Its header changes when the token is refreshed, so its fingerprint is
     * the store's name, not the token: the rate budget of the grant stays one across refreshes.
     */
    record OAuthStore(dev.camelcoding.client.oauth.OAuthSession session) implements CodingCredentials {
        public OAuthStore {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String authorizationHeader() {
            return "Bearer " + session.accessToken();
        }

        @Override
        public String renewAfterRejection(String rejectedAuthorization) {
            String rejected = rejectedAuthorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? rejectedAuthorization.substring(7).trim()
                    : rejectedAuthorization;
            return "Bearer " + session.renewAfterRejection(rejected);
        }

        @Override
        public String fingerprint() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(("oauth-store:" + session.store().id()).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 8);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }

        @Override
        public String kind() {
            return "OAuth grant of " + session.store().id();
        }

        @Override
        public String howToRenew() {
            return "the grant is expired or revoked: run coding-sync authorize --credentials "
                    + session.store().id() + " again";
        }

        @Override
        public String toString() {
            return "OAuthStore[" + session.store().id() + "]";
        }
    }

    record ProjectToken(String username, String password) implements CodingCredentials {
        public ProjectToken {
            username = requireValue(username, "project token user name");
            password = requireValue(password, "project token password");
        }

        @Override
        public String authorizationHeader() {
            String pair = username + ":" + password;
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String kind() {
            return "project token";
        }

        @Override
        public String howToRenew() {
            return "create a project token in CODING (Project settings > Developer options > Project tokens) with the"
                    + " read scopes of the tables you sync, and set 'projectTokenUser' and 'projectToken'";
        }

        @Override
        public String toString() {
            return "ProjectToken[" + username + ", ****]";
        }
    }

    private static String requireValue(String value, String what) {
        Objects.requireNonNull(value, () -> "a " + what + " is required");
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        return trimmed;
    }
}
