package dev.camelcoding.app;

/** The exit codes of {@code coding-sync}: scripts and supervisors can tell what went wrong without reading text. */
enum ExitCode {
    /** Done: the command did its job, {@code test} found everything ready. */
    OK(0),
    /**
     * A check against CODING or the sink failed ({@code test}; {@code run}: the sink did not answer on start), or work
     * is left ({@code replay} kept some dead letters).
     */
    CHECK_FAILED(1),
    /** The command line or the configuration is wrong: one line says which key or option and what to use. */
    CONFIGURATION(2),
    /** {@code run}: CODING refused the sync for good (credential, permission, project): one line says what to fix. */
    CODING_REFUSED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
