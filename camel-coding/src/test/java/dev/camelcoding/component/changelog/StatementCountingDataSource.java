package dev.camelcoding.component.changelog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A node's DataSource that counts the SQL statements the node prepares or creates, to measure what the lease heartbeat
 * costs the database per interval.
 */
final class StatementCountingDataSource {

    private final DataSource target;
    private final AtomicLong statements = new AtomicLong();

    StatementCountingDataSource(DataSource target) {
        this.target = target;
    }

    long statements() {
        return statements.get();
    }

    DataSource dataSource() {
        return (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, forward(target, (method, result) -> {
                    if (result instanceof Connection connection) {
                        return connection(connection);
                    }
                    return result;
                }));
    }

    private Connection connection(Connection connection) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                forward(connection, (method, result) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement")
                            || name.equals("createStatement")
                            || name.equals("prepareCall")) {
                        statements.incrementAndGet();
                    }
                    return result;
                }));
    }

    private interface AfterCall {
        Object apply(Method method, Object result);
    }

    private static InvocationHandler forward(Object target, AfterCall after) {
        return (proxy, method, args) -> {
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }
}
