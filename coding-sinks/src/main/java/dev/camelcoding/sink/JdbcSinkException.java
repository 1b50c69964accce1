package dev.camelcoding.sink;

import java.sql.SQLException;

/**
 * The JDBC sink could not write: the message says which table and what happened in one line; the cause is the
 * database's own exception (dead letters keep its words as {@code root_cause}).
 */
public class JdbcSinkException extends Exception {

    public JdbcSinkException(String message, SQLException cause) {
        super(message + " (SQLState " + cause.getSQLState() + ")", cause);
    }
}
