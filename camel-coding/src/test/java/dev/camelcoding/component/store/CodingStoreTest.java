package dev.camelcoding.component.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CodingStoreTest {

    private JdbcConnectionPool pool;
    private CodingStore store;

    @BeforeEach
    void open() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        store = CodingStore.open("test", pool);
        store.define(part(1));
    }

    @AfterEach
    void close() {
        pool.dispose();
    }

    private static StorePart part(int version) {
        return new StorePart(
                "things",
                version,
                List.of("T_THING"),
                dialect -> List.of(
                        "CREATE TABLE IF NOT EXISTS T_THING (ID INT PRIMARY KEY, V " + dialect.textType() + ")"));
    }

    private void insert(int id) {
        store.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO T_THING (ID, V) VALUES (?, 'x')")) {
                insert.setInt(1, id);
                return insert.executeUpdate();
            }
        });
    }

    private int count() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T_THING")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRepositoryCalledInsideAnotherTransactionJoinsItAndRollsBackWithIt() throws SQLException {
        assertThatThrownBy(() -> store.inTransaction(outer -> {
                    insert(1); // joins: not committed on its own
                    assertThat(store.inTransaction()).isTrue();
                    throw new IllegalStateException("crash before the outer commit");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(count()).isZero();
        assertThat(store.inTransaction()).isFalse();

        store.inTransaction(outer -> {
            insert(1);
            insert(2);
            return null;
        });
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aFailedStatementRollsBackTheWholeTransactionAndSaysWhichStore() throws SQLException {
        assertThatThrownBy(() -> store.inTransaction(c -> {
                    insert(3);
                    insert(3); // duplicate key
                    return null;
                }))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("the store test failed");
        assertThat(count()).isZero();
    }

    @Test
    void anEarlierLayoutIsDroppedAndCreatedAfreshAndTheSameVersionIsKept() throws SQLException {
        insert(1);
        store.define(part(1));
        assertThat(count()).isEqualTo(1);
        store.define(part(2));
        assertThat(count()).isZero();
    }

    @Test
    void tablesWithoutAVersionAreAnEarlierBuildsAndStartAfresh() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T_OLD (ID INT PRIMARY KEY)");
            s.execute("INSERT INTO T_OLD VALUES (1)");
        }
        store.define(new StorePart(
                "old",
                1,
                List.of("T_OLD"),
                d -> List.of("CREATE TABLE IF NOT EXISTS T_OLD (ID" + " INT PRIMARY KEY)")));
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM T_OLD")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void upsertReplacesByKeyOnH2() throws SQLException {
        for (String v : List.of("a", "b")) {
            store.inTransaction(c -> {
                try (PreparedStatement up =
                        c.prepareStatement(store.dialect().upsert("T_THING", List.of("ID"), List.of("V")))) {
                    up.setInt(1, 7);
                    up.setString(2, v);
                    return up.executeUpdate();
                }
            });
        }
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT V FROM T_THING WHERE ID = 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("b");
        }
    }
}
