package dev.camelcoding.client;

import dev.camelcoding.client.oauth.OAuthException;
import java.util.function.Supplier;

/** Turns a failure to obtain an OAuth token into the API failure of the call that needed it. */
final class OAuthFailures {

    private OAuthFailures() {}

    static String translate(String action, Supplier<String> authorization) {
        try {
            return authorization.get();
        } catch (OAuthException e) {
            ApiFailure failure = ApiFailure.network(action, "no OAuth access token");
            if (e.kind().retryable()) {
                throw new CodingTransientException(failure, e.getMessage(), e);
            }
            throw new CodingOAuthGrantException(failure, e.getMessage(), e);
        }
    }
}
