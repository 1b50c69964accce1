package dev.camelcoding.component.changelog;

import javax.sql.DataSource;

/**
 * The change log contract on a real PostgreSQL, each node with its own connections: the deployment where several
 * processes share one log.
 */
class JdbcChangeLogPostgresTest extends ChangeLogContract {

    @Override
    DataSource node() {
        return ChangeLogPostgres.node();
    }
}
