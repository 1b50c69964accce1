package dev.camelcoding.app;

import dev.camelcoding.component.status.PollFailure;

/** A failed poll in words, for the status report and the page: what went wrong and what to do about it. */
final class DownReason {

    private DownReason() {}

    static StatusReport.Down of(PollFailure failure) {
        return new StatusReport.Down(
                failure.problem().word(),
                words(failure),
                failure.message(),
                failure.problem().permanent());
    }

    private static String words(PollFailure failure) {
        return switch (failure.problem()) {
            case AUTHENTICATION -> "CODING refused the credential: renew the token or authorize again";
            case PERMISSION -> "CODING refused the credential a permission this table needs: grant it, then run again";
            case NOT_FOUND -> "CODING does not know the team, project or table named in the settings";
            case INVALID_REQUEST -> "CODING refused the request as invalid: check the table's settings";
            case THROTTLED -> "CODING's rate limit refused the calls: the sync waits and tries again";
            case UNREACHABLE -> "CODING could not be reached: the sync tries again";
            case DELIVERY -> "the sink refused a change: it is read again on the next poll";
        };
    }
}
