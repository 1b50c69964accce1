package dev.camelcoding.component.changelog;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A node's view of the database that the test can cut off: while cut, every new connection fails the way an
 * unreachable server does, as if the node's network (or the node) had died.
 */
final class PartitionableDataSource implements InvocationHandler {

    private final DataSource target;
    private volatile boolean cut;

    private PartitionableDataSource(DataSource target) {
        this.target = target;
    }

    static PartitionableDataSource of(DataSource target) {
        return new PartitionableDataSource(target);
    }

    DataSource dataSource() {
        return (DataSource)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, this);
    }

    void cut() {
        cut = true;
    }

    void heal() {
        cut = false;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (cut && method.getName().equals("getConnection")) {
            throw new SQLException("connection refused (the test cut this node off)", "08001");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
