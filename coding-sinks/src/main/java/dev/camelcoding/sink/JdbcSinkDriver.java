package dev.camelcoding.sink;

/**
 * The JDBC driver class of a sink URL, for the pool's {@code driverClassName}. Without it the pool asks
 * {@link java.sql.DriverManager}, which only sees drivers on the JVM's class path: under {@code camel run} a driver
 * added with {@code --dep} lives in Camel's download class loader, and DriverManager answers "No suitable driver".
 * Naming the class makes the pool load it from its own class loader, which is the one that holds the driver.
 */
public final class JdbcSinkDriver {

    private JdbcSinkDriver() {}

    /** The driver class for the sink databases JdbcBatchSink speaks (H2 and PostgreSQL). */
    public static String className(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        throw new IllegalArgumentException("coding.sink.jdbc.url must be an H2 (jdbc:h2:...) or PostgreSQL"
                + " (jdbc:postgresql://...) URL, the databases the JDBC sink writes; got " + jdbcUrl);
    }
}
