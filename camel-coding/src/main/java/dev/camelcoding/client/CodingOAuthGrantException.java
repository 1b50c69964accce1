package dev.camelcoding.client;

import dev.camelcoding.client.oauth.OAuthException;

/**
 * The OAuth grant cannot give an access token: nothing was authorized yet, or CODING refused the refresh token
 * (expired after 90 days, revoked by the user, or spent). The message names the command that authorizes again.
 */
public class CodingOAuthGrantException extends CodingAuthenticationException {

    private final OAuthException.Kind kind;

    public CodingOAuthGrantException(ApiFailure failure, String advice, OAuthException cause) {
        super(failure, advice, cause);
        this.kind = cause.kind();
    }

    /** Why no token: no grant stored, the grant refused, the app's client refused, or an answer not understood. */
    public OAuthException.Kind kind() {
        return kind;
    }
}
