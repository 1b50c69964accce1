package dev.camelcoding.client;

/** The credential is valid but may not read this resource: grant the missing scope or skip the table. */
public class CodingPermissionException extends CodingApiException {

    public CodingPermissionException(ApiFailure failure, String advice, Throwable cause) {
        super(failure, advice, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
