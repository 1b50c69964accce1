package dev.camelcoding.component.changelog;

import javax.sql.DataSource;

/** Lease balancing on a real PostgreSQL, each member with its own connections: several processes on one store. */
class LeaseBalancingPostgresTest extends LeaseBalancingContract {

    @Override
    DataSource node() {
        return ChangeLogPostgres.node();
    }
}
