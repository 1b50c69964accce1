package dev.camelcoding.app;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource that counts what its user asks of the database: the connections it opens and every SQL text it
 * prepares or executes, in order. For tests of what one read costs.
 */
final class CountingDataSource implements DataSource {

    private final DataSource target;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> statements = new CopyOnWriteArrayList<>();

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    int connections() {
        return connections.get();
    }

    List<String> statements() {
        return List.copyOf(statements);
    }

    void reset() {
        connections.set(0);
        statements.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counted(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counted(target.getConnection(username, password));
    }

    private Connection counted(Connection connection) {
        connections.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    Object result;
                    try {
                        result = method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof java.sql.Statement statement
                            && !(result instanceof java.sql.PreparedStatement)) {
                        return countedStatement(statement);
                    }
                    return result;
                });
    }

    /** A plain statement: its SQL is known when it is executed. */
    private java.sql.Statement countedStatement(java.sql.Statement statement) {
        return (java.sql.Statement) Proxy.newProxyInstance(
                java.sql.Statement.class.getClassLoader(),
                new Class<?>[] {java.sql.Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute") && args != null && args[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    try {
                        return method.invoke(statement, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger(Logger.GLOBAL_LOGGER_NAME);
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
