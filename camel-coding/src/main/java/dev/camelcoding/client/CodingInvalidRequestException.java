package dev.camelcoding.client;

/** CODING refused the request itself as invalid: retrying the same request cannot help. */
public class CodingInvalidRequestException extends CodingApiException {

    public CodingInvalidRequestException(ApiFailure failure, String advice, Throwable cause) {
        super(failure, advice, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
