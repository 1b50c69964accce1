package dev.camelcoding.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.IterationSnapshot;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An iterations overwrite pass, as the {@code coding:} component's polling consumer hands it to a route (one event per
 * exchange, the pass id header and the batch properties), applied by the JDBC sink: a pass over an empty list must
 * still empty the project's table, and leave other projects' rows alone.
 */
class JdbcOverwritePassTest {

    private CodingSimulator sim;
    private DefaultCamelContext camel;

    @AfterEach
    void close() throws Exception {
        if (camel != null) {
            camel.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theJdbcSinkEmptiesTheProjectsTableOnAnEmptyPass() throws Exception {
        sim = CodingSimulator.builder().issues(10).iterations(3).start();
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:overwrite-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        JdbcSinkSchema schema = new JdbcSinkSchema();
        schema.setDataSource(db);
        schema.createTables();
        JdbcOverwritePass sink = new JdbcOverwritePass();
        sink.setDataSource(db);
        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO coding_iterations (row_key, project, updated_at, doc, synced_at)"
                    + " VALUES ('{\"project\":\"other\",\"code\":1}', 'other', 0, '{}', CURRENT_TIMESTAMP)");
        }

        camel = new DefaultCamelContext();
        camel.getRegistry().bind("state", new MemoryStateRepository());
        String options = "teamName=" + sim.team() + "&projectName=" + sim.projectName() + "&apiUrl=" + sim.baseUrl()
                + "&token=" + sim.personalToken() + "&rateLimit=1000&initialDelay=0&delay=100"
                + "&cursorRepository=#state&reconcileInterval=0";
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("coding:iterations?iterationStrategy=overwrite&" + options).process(sink);
            }
        });
        camel.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(db, sim.projectName()) == 3);

        for (IterationSnapshot iteration : List.copyOf(sim.data().iterations())) {
            sim.deleteIteration(iteration.code());
        }
        assertThat(sim.data().iterations()).isEmpty();

        await().atMost(Duration.ofSeconds(30))
                .alias("rows of the emptied project")
                .until(() -> rows(db, sim.projectName()) == 0);
        assertThat(rows(db, "other")).as("rows of another project").isEqualTo(1);
    }

    private static int rows(JdbcDataSource db, String project) throws Exception {
        try (Connection c = db.getConnection();
                var st = c.prepareStatement("SELECT COUNT(*) FROM coding_iterations_live WHERE project = ?")) {
            st.setString(1, project);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
