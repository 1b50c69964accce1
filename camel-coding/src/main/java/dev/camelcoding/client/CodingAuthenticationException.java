package dev.camelcoding.client;

/** CODING did not accept the credential: stop and fix the configuration. */
public class CodingAuthenticationException extends CodingApiException {

    public CodingAuthenticationException(ApiFailure failure, String advice, Throwable cause) {
        super(failure, advice, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
