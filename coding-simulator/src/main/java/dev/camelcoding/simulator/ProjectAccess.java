package dev.camelcoding.simulator;

/** What the simulator's credential may do with a project of the team. */
public enum ProjectAccess {
    /** Listed by DescribeCodingProjects; every action answers (the default). */
    FULL,
    /**
     * Listed by DescribeCodingProjects (the team shows it), but every action naming it answers
     * {@code UnauthorizedOperation}: the credential lacks the permission (e.g. it is no longer a project member).
     */
    DENIED,
    /**
     * Not listed, and every action naming it answers {@code ResourceNotFound} exactly as for a project that does not
     * exist: the credential may not see it.
     */
    HIDDEN
}
