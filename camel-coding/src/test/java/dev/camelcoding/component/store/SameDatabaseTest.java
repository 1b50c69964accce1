package dev.camelcoding.component.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.camelcoding.component.changelog.ChangeLogPostgres;
import dev.camelcoding.component.changelog.SinkTransactionOffsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * "Is the sink's database the store's?" answered by the databases, for the spellings users write: the same DataSource,
 * two pools on one URL, H2's embedded-store URL and a plain {@code file:} URL of the same file, PostgreSQL through two
 * DataSources; and the cases that look alike but are not: another H2 database, another schema of the same
 * PostgreSQL database, H2 against PostgreSQL. A sink whose user may not write the offsets keeps the separate commits.
 */
class SameDatabaseTest {

    @TempDir
    Path data;

    private final List<JdbcConnectionPool> pools = new ArrayList<>();

    @AfterEach
    void close() {
        pools.forEach(JdbcConnectionPool::dispose);
    }

    @Test
    void theSameDataSourceIsTheSameDatabase() {
        DataSource one = h2("jdbc:h2:mem:same-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        assertThat(SameDatabase.probe(store(one), one).same()).isTrue();
    }

    @Test
    void twoPoolsOnOneH2DatabaseAreTheSameDatabase() {
        String url = "jdbc:h2:mem:two-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        SameDatabase.Verdict verdict = SameDatabase.probe(store(h2(url)), h2(url));
        assertThat(verdict.same()).as(verdict.how()).isTrue();
    }

    @Test
    void theEmbeddedStoreAndAPlainFileUrlOfItsFileAreTheSameDatabase() throws Exception {
        // what a user writes who points coding.sink.jdbc.url at the store's file (or coding.store.url at the sink's)
        DataSource store = h2(EmbeddedStore.url(data));
        DataSource sink = h2("jdbc:h2:file:" + data.toAbsolutePath().resolve(EmbeddedStore.FILE_NAME)
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
        SameDatabase.Verdict verdict = SameDatabase.probe(store(store), sink);
        assertThat(verdict.same()).as(verdict.how()).isTrue();
        assertThat(probeRows(store)).as("the probe's row is gone").isZero();
    }

    @Test
    void anotherH2DatabaseIsNotTheStoresAndTheProbeLeavesNothingThere() throws Exception {
        DataSource store = h2("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        DataSource sink = h2("jdbc:h2:mem:sink-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        SameDatabase.Verdict verdict = SameDatabase.probe(store(store), sink);
        assertThat(verdict.same()).as(verdict.how()).isFalse();
        assertThat(tables(sink)).as("tables in the sink's database").isZero();
        assertThat(probeRows(store)).as("the probe's row is gone").isZero();
    }

    @Test
    void twoDataSourcesOnOnePostgresqlDatabaseAreTheSameDatabase() throws Exception {
        String schema = newSchema();
        SameDatabase.Verdict verdict = SameDatabase.probe(store(postgres(schema)), postgres(schema));
        assertThat(verdict.same()).as(verdict.how()).isTrue();
    }

    @Test
    void anotherSchemaOfTheSamePostgresqlDatabaseIsNotTheStores() throws Exception {
        // same server, same database, same URL but currentSchema: the store's tables are not where the sink writes
        SameDatabase.Verdict verdict = SameDatabase.probe(store(postgres(newSchema())), postgres(newSchema()));
        assertThat(verdict.same()).as(verdict.how()).isFalse();
    }

    @Test
    void h2AgainstPostgresqlIsNotTheStores() throws Exception {
        SameDatabase.Verdict verdict = SameDatabase.probe(
                store(postgres(newSchema())), h2("jdbc:h2:mem:other-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        assertThat(verdict.same()).as(verdict.how()).isFalse();
    }

    @Test
    void aSinkUserThatMayNotWriteTheOffsetsKeepsTheSeparateCommits() throws Exception {
        String schema = newSchema();
        DataSource store = postgres(schema);
        String reader = "reader_" + UUID.randomUUID().toString().replace("-", "");
        SinkTransactionOffsets allowed = new SinkTransactionOffsets("JDBC sink", postgres(schema));
        assertThat(allowed.detect(store)).as("the store's own user").isTrue();
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + reader + " LOGIN");
            statement.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + reader);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + reader);
        }
        PGSimpleDataSource readOnly = postgres(schema);
        readOnly.setUser(reader);
        assertThat(SameDatabase.probe(store(store), readOnly).same())
                .as("it does reach the store's database")
                .isTrue();
        assertThat(new SinkTransactionOffsets("JDBC sink", readOnly).detect(store))
                .as("but may not move an offset")
                .isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static CodingStore store(DataSource dataSource) {
        return CodingStore.open("test store", dataSource);
    }

    private DataSource h2(String url) {
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pools.add(pool);
        return pool;
    }

    private static String newSchema() throws Exception {
        String schema = "probe_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = ChangeLogPostgres.node().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    private static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource dataSource = (PGSimpleDataSource) ChangeLogPostgres.node();
        dataSource.setCurrentSchema(schema);
        return dataSource;
    }

    private static long probeRows(DataSource store) throws Exception {
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + SameDatabase.PROBE_TABLE)) {
            count.next();
            return count.getLong(1);
        }
    }

    private static long tables(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery(
                        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            count.next();
            return count.getLong(1);
        }
    }
}
