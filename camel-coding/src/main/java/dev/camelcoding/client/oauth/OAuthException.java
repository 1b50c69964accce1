package dev.camelcoding.client.oauth;

/**
 * A token request that did not give tokens, with what kind of failure it was. Messages never contain a token or
 * the client secret.
 */
public class OAuthException extends RuntimeException {

    /** What went wrong, and so what the user does about it. */
    public enum Kind {
        /** The code, or the refresh token, was refused: expired, already used or revoked. Authorize again. */
        GRANT_REFUSED(false),
        /** The client id or secret was refused. Fix the app's credentials, then authorize again. */
        CLIENT_REFUSED(false),
        /** No stored grant to use. Authorize. */
        NO_GRANT(false),
        /** The answer was not a token answer we understand. */
        BAD_ANSWER(false),
        /** CODING could not be reached or failed on its side: try again later. */
        UNAVAILABLE(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public OAuthException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
