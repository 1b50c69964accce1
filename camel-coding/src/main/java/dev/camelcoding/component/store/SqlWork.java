package dev.camelcoding.component.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection of the store, inside a transaction the store opens or the caller already holds. */
@FunctionalInterface
public interface SqlWork<T> {

    T apply(Connection connection) throws SQLException;
}
