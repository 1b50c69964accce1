package dev.camelcoding.component.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.camelcoding.component.store.CodingStore;
import dev.camelcoding.component.store.StorePart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The schema catalog each project was last published with, as rows of the store's table {@value #TABLE}: its version
 * and signature (what the next refresh compares with, so a restart keeps counting versions) and the catalog document
 * itself (what {@code coding-sync schema} shows as stored). One row per team and project, replaced in one statement:
 * never half written.
 */
public final class SchemaCatalogStore {

    static final String TABLE = "CODING_SCHEMA_CATALOG";

    /** The schema part: one row per team and project. */
    public static final StorePart PART = new StorePart(
            "schema catalog",
            1,
            List.of(TABLE),
            dialect -> List.of("CREATE TABLE IF NOT EXISTS " + TABLE + " (TEAM VARCHAR(200) NOT NULL, PROJECT"
                    + " VARCHAR(200) NOT NULL, VERSION BIGINT NOT NULL, FINGERPRINT VARCHAR(100) NOT NULL, SIGNATURE "
                    + dialect.textType() + " NOT NULL, DOCUMENT " + dialect.textType() + " NOT NULL, SAVED_MS BIGINT"
                    + " NOT NULL, PRIMARY KEY (TEAM, PROJECT))"));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the store holds for a project: the signature, the document and when it was saved. */
    public record Stored(CatalogSignature signature, ObjectNode document, Instant savedAt) {}

    private final CodingStore store;

    /** The catalogs of {@code store}, whose table is created when missing. */
    public SchemaCatalogStore(CodingStore store) {
        this.store = store;
        store.define(PART);
    }

    /** The last catalog saved for the project, if any. */
    public Optional<Stored> load(String team, String project) {
        return store.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT SIGNATURE, DOCUMENT, SAVED_MS FROM " + TABLE + " WHERE TEAM = ? AND PROJECT = ?")) {
                select.setString(1, teamKey(team));
                select.setString(2, project);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(
                            CatalogSignature.fromJson(MAPPER.readTree(row.getString(1))),
                            (ObjectNode) MAPPER.readTree(row.getString(2)),
                            Instant.ofEpochMilli(row.getLong(3))));
                } catch (IOException e) {
                    throw new UncheckedIOException("the stored schema catalog of " + project + " is not JSON", e);
                }
            }
        });
    }

    /** Replaces the project's catalog with this version, in the caller's store transaction when one is open. */
    public void save(String team, String project, CatalogSignature signature, ObjectNode document) {
        store.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(store.dialect()
                    .upsert(
                            TABLE,
                            List.of("TEAM", "PROJECT"),
                            List.of("VERSION", "FINGERPRINT", "SIGNATURE", "DOCUMENT", "SAVED_MS")))) {
                upsert.setString(1, teamKey(team));
                upsert.setString(2, project);
                upsert.setLong(3, signature.version());
                upsert.setString(4, signature.fingerprint());
                upsert.setString(5, MAPPER.writeValueAsString(signature.toJson()));
                upsert.setString(6, MAPPER.writeValueAsString(document));
                upsert.setLong(7, System.currentTimeMillis());
                return upsert.executeUpdate();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A team-level endpoint without a team (a simulator or proxy named by its API URL) is kept as "-". */
    private static String teamKey(String team) {
        return team == null || team.isBlank() ? "-" : team;
    }
}
