package dev.camelcoding.client.oauth;

import java.util.Objects;

/**
 * A CODING OAuth app, as registered in CODING (2025: team settings, ecosystem, publish an app; 2022: personal
 * settings, open ecosystem, create an app). Both values go to the token URL only; {@link #toString()} hides the secret.
 */
public record OAuthApp(String clientId, String clientSecret) {

    public OAuthApp {
        clientId = required(clientId, "client id (--client-id)");
        clientSecret = required(clientSecret, "client secret (--client-secret or CODING_OAUTH_CLIENT_SECRET)");
    }

    private static String required(String value, String what) {
        Objects.requireNonNull(value, () -> "the OAuth app's " + what + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException("the OAuth app's " + what + " is empty");
        }
        return value.trim();
    }

    @Override
    public String toString() {
        return "OAuthApp[" + clientId + ", ****]";
    }
}
