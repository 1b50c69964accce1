package dev.camelcoding.simulator;

/**
 * A project of the team as the Open API shows it. {@code main}: the project whose data holds this record (every
 * {@link SimulatorData} has one; the default project's also lists its neighbours, which {@link TeamProjects} serves
 * as projects of their own).
 */
record ProjectRecord(
        long id,
        String name,
        String displayName,
        String description,
        String icon,
        long createdAt,
        long updatedAt,
        boolean main) {}
