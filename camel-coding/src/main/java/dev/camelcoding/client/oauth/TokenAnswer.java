package dev.camelcoding.client.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/**
 * CODING's answer to a token request (coding-api.md section 3). Two quirks: {@code expires_in} is a string of
 * seconds ({@code "7200"}, {@code "780260"}), not the JSON number RFC 6749 asks for, and {@code token_type} comes as
 * {@code "Bearer"} or {@code "bearer"}. A number is accepted too, and the type is compared ignoring case.
 */
public record TokenAnswer(String accessToken, String refreshToken, Duration expiresIn, String scope, String team) {

    /** Used when CODING sends no expires_in: refresh every hour rather than never. */
    static final Duration UNKNOWN_LIFETIME = Duration.ofHours(1);

    static TokenAnswer parse(JsonNode body) {
        String accessToken = text(body, "access_token");
        if (accessToken == null) {
            throw new OAuthException(
                    OAuthException.Kind.BAD_ANSWER,
                    "CODING's token answer has no access_token (fields: " + fieldNames(body) + ")",
                    null);
        }
        String type = text(body, "token_type");
        if (type != null && !type.toLowerCase(Locale.ROOT).equals("bearer")) {
            throw new OAuthException(
                    OAuthException.Kind.BAD_ANSWER,
                    "CODING issued a token of type '" + type + "'; camel-coding sends OAuth tokens as Bearer",
                    null);
        }
        return new TokenAnswer(
                accessToken,
                text(body, "refresh_token"),
                expiresIn(body.get("expires_in")),
                text(body, "scope"),
                text(body, "team"));
    }

    private static Duration expiresIn(JsonNode value) {
        if (value == null || value.isNull()) {
            return UNKNOWN_LIFETIME;
        }
        try {
            long seconds = value.isNumber()
                    ? value.asLong()
                    : Long.parseLong(value.asText().trim());
            if (seconds <= 0) {
                throw new NumberFormatException("not positive");
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new OAuthException(
                    OAuthException.Kind.BAD_ANSWER,
                    "CODING's token answer has expires_in '" + value.asText() + "', not a number of seconds",
                    e);
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String fieldNames(JsonNode body) {
        StringBuilder names = new StringBuilder();
        body.fieldNames()
                .forEachRemaining(
                        name -> names.append(names.length() == 0 ? "" : ", ").append(name));
        return names.length() == 0 ? "none" : names.toString();
    }
}
