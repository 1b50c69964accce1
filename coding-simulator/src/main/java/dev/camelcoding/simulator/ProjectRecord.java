package dev.camelcoding.simulator;

/** A project of the team. Only the main project has issues, iterations and hooks; the others are listed only. */
record ProjectRecord(
        long id,
        String name,
        String displayName,
        String description,
        String icon,
        long createdAt,
        long updatedAt,
        boolean main) {}
