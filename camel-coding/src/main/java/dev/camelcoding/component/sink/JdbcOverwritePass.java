package dev.camelcoding.component.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one overwrite pass of the iterations table (all the project's iterations, as one Camel batch) to the JDBC
 * sink in a single transaction: every row of the pass is upserted with the pass id, then the project's rows that the
 * pass lacks are deleted. After it, the table equals CODING's list. A pass that arrives incomplete (fewer events
 * than its batch size) is upserted but deletes nothing, so a lost event can never delete a live row.
 *
 * <p>The body is the list of event JSON texts of the pass (Camel's GroupedBodyAggregationStrategy); the header
 * {@code CodingPassSize} holds the batch size the component announced.
 */
public class JdbcOverwritePass implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcOverwritePass.class);
    static final String UPSERT = "MERGE INTO %s t USING (SELECT CAST(? AS VARCHAR(500)) AS row_key,"
            + " CAST(? AS VARCHAR(200)) AS project, CAST(? AS BIGINT) AS updated_at, CAST(? AS VARCHAR(64)) AS pass_id,"
            + " CAST(? AS VARCHAR) AS doc) s ON (t.row_key = s.row_key)"
            + " WHEN MATCHED THEN UPDATE SET project = s.project, updated_at = s.updated_at, pass_id = s.pass_id,"
            + " doc = s.doc, synced_at = CURRENT_TIMESTAMP"
            + " WHEN NOT MATCHED THEN INSERT (row_key, project, updated_at, pass_id, doc, synced_at)"
            + " VALUES (s.row_key, s.project, s.updated_at, s.pass_id, s.doc, CURRENT_TIMESTAMP)";

    private final ObjectMapper mapper = new ObjectMapper();
    private DataSource dataSource;

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        List<?> bodies = exchange.getMessage().getBody(List.class);
        Integer passSize = exchange.getMessage().getHeader("CodingPassSize", Integer.class);
        List<JsonNode> events = new ArrayList<>();
        for (Object body : bodies) {
            events.add(mapper.readTree(body.toString()));
        }
        if (events.isEmpty()) {
            return;
        }
        String table = JdbcSinkSchema.tableName(events.get(0).path("table").asText());
        String project = events.get(0).path("source").path("project").asText();
        String passId = exchange.getMessage().getHeader("CamelCodingPassId", String.class);
        boolean complete = passSize != null && passSize == events.size();
        int deleted = apply(table, project, passId, events, complete);
        LOG.debug("Overwrite pass {} of {} {}: {} rows upserted, {} deleted", passId, project, table, events.size(), deleted);
        if (!complete) {
            LOG.warn("Overwrite pass {} of {} arrived with {} of {} events: rows upserted, nothing deleted", passId,
                    project, events.size(), passSize);
        }
    }

    private int apply(String table, String project, String passId, List<JsonNode> events, boolean deleteMissing)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement upsert = connection.prepareStatement(String.format(UPSERT, table))) {
                    for (JsonNode event : events) {
                        JsonNode after = event.path("after");
                        if (!after.isObject()) {
                            // the empty-pass marker (source.pass.size 0) has no row: the delete below empties the
                            // project's table, which is what CODING's empty list says
                            continue;
                        }
                        upsert.setString(1, event.path("key").toString());
                        upsert.setString(2, project);
                        upsert.setLong(3, after.path("updated_at").asLong());
                        upsert.setString(4, passId);
                        upsert.setString(5, after.toString());
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
                int deleted = 0;
                if (deleteMissing) {
                    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                            + " WHERE project = ? AND (pass_id IS NULL OR pass_id <> ?)")) {
                        delete.setString(1, project);
                        delete.setString(2, passId);
                        deleted = delete.executeUpdate();
                    }
                }
                connection.commit();
                return deleted;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
