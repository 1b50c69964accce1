package dev.camelcoding.simulator;

/** The ways an injected failure answers a call. */
public enum FailureKind {
    /** HTTP 200 with the error envelope {@code Response.Error.Code = "InternalError"} (how CODING reports its own failures). */
    INTERNAL_ERROR,
    /** HTTP 500 with a non-JSON body. */
    HTTP_500,
    /** HTTP 502 with an HTML body, as a gateway in front of CODING would answer. */
    HTTP_502,
    /** HTTP 503 with an HTML body. */
    HTTP_503
}
