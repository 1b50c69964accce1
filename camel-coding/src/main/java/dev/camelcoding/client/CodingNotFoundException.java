package dev.camelcoding.client;

/** The project, issue or iteration named in the request does not exist (or the credential cannot see it). */
public class CodingNotFoundException extends CodingApiException {

    public CodingNotFoundException(ApiFailure failure, String advice, Throwable cause) {
        super(failure, advice, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
