package dev.camelcoding.component.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class JdbcStateRepositoryTest {

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:state-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void storesReadsAndOverwritesStateInATableItCreates() {
        JdbcDataSource dataSource = h2();
        JdbcStateRepository repository = new JdbcStateRepository(dataSource);
        repository.start();

        assertThat(repository.getState("coding:acme/web/issues[ALL]:issues")).isNull();
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":1}");
        repository.setState("coding:acme/web/issues[ALL]:issues", "{\"cursor\":2}");
        repository.setState("other", "x".repeat(100_000));

        assertThat(repository.getState("coding:acme/web/issues[ALL]:issues")).isEqualTo("{\"cursor\":2}");
        assertThat(repository.getState("other")).hasSize(100_000);

        JdbcStateRepository secondNode = new JdbcStateRepository(dataSource);
        secondNode.start();
        assertThat(secondNode.getState("coding:acme/web/issues[ALL]:issues")).as("another node sees the same state")
                .isEqualTo("{\"cursor\":2}");
        repository.stop();
        secondNode.stop();
    }

    @Test
    void refusesTableNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> new JdbcStateRepository().setTableName("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void needsADataSource() {
        assertThatThrownBy(() -> new JdbcStateRepository().start()).hasStackTraceContaining("needs a dataSource");
    }
}
