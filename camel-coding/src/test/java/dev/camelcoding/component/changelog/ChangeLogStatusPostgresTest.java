package dev.camelcoding.component.changelog;

import javax.sql.DataSource;

/** The change log status on a real PostgreSQL, where several processes share one log. */
class ChangeLogStatusPostgresTest extends ChangeLogStatusContract {

    @Override
    DataSource node() {
        return ChangeLogPostgres.node();
    }
}
