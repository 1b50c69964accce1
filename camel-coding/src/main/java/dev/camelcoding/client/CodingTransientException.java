package dev.camelcoding.client;

/** A temporary failure on CODING's side or on the network: the same call may succeed later. */
public class CodingTransientException extends CodingApiException {

    public CodingTransientException(ApiFailure failure, String advice, Throwable cause) {
        super(failure, advice, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
