package dev.camelcoding.component.team;

/**
 * Where a team sync records, beside the rows it wrote, which projects it syncs and which it stopped syncing (and
 * since when): a project that disappears or loses access keeps its rows in the sink, marked by this record rather
 * than deleted. A sink that can keep such a record (the JDBC sink's {@code coding_project_sync}) puts an
 * implementation in the registry; {@link ProjectRoutes} uses it when there is one.
 */
public interface ProjectSyncMarks {

    /** The project is synced (again) from {@code sinceMs} on. */
    void syncing(String team, String project, long sinceMs);

    /** The project is no longer synced from {@code sinceMs} on, for {@code reason}; its rows stay. */
    void stopped(String team, String project, String reason, long sinceMs);
}
