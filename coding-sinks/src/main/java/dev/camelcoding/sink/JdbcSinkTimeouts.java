package dev.camelcoding.sink;

import java.util.Properties;

/**
 * Driver settings that bound how long one sink write can hang when the database is down or unreachable. The pool's
 * own {@code connectionTimeout} bounds waiting for a connection; these bound the driver beneath it, which otherwise
 * waits as long as the operating system lets a TCP connect or read hang (minutes).
 *
 * <p>Only PostgreSQL's driver gets them ({@code connectTimeout}, {@code loginTimeout}, {@code socketTimeout}, in
 * seconds): H2 refuses connection settings it does not know, and an embedded H2 has no socket to time out.
 */
public final class JdbcSinkTimeouts {

    private JdbcSinkTimeouts() {}

    /**
     * The driver properties for a sink URL.
     *
     * @param jdbcUrl              the sink's JDBC URL
     * @param connectTimeoutMillis how long to wait for the server's TCP connection and login
     * @param socketTimeoutSeconds how long a read may wait for the server; keep it above the query timeout, so a slow
     *                             statement is cancelled (and its connection kept) before the socket gives up
     */
    public static Properties driverProperties(String jdbcUrl, long connectTimeoutMillis, int socketTimeoutSeconds) {
        Properties properties = new Properties();
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
            String connect = Long.toString(Math.max(1, (connectTimeoutMillis + 999) / 1000));
            properties.setProperty("connectTimeout", connect);
            properties.setProperty("loginTimeout", connect);
            properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
        }
        return properties;
    }
}
