package dev.camelcoding.component.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Content hashes of canonical rows: what lets polling tell a real change from a re-read of the same row. Canonical
 * rows are built field by field in a fixed order, so their JSON text is a stable basis for the hash.
 */
public final class RowHash {

    private RowHash() {
    }

    /** A short hash (16 hex digits) of the row's content. */
    public static String of(JsonNode row) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(row.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    /** The row's version: its update time and content hash, so two changes in the same millisecond still differ. */
    public static String versionOf(JsonNode row) {
        JsonNode updatedAt = row.get("updated_at");
        String hash = of(row);
        return updatedAt == null || updatedAt.isNull() ? hash : updatedAt.asText() + ":" + hash;
    }
}
