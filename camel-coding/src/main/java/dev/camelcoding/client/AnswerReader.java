package dev.camelcoding.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Parses an HTTP answer's body into a JSON tree as the bytes arrive, from the response's stream.
 *
 * <p>Why not the body as one array first: a page of 500 issues is about 700 KB of JSON, and one array of half a G1
 * region or more (512 KB under a heap below 256 MB, the launcher's typical {@code -Xmx192m}) is a humongous allocation,
 * which G1 places in regions of its own and which starts a concurrent marking cycle of the whole heap: one a page. Read
 * from the stream, the largest buffers are the HTTP client's 16 KB and the parser's 8 KB.
 *
 * <p>After the JSON value the rest of the body (whitespace, a line break) is read to its end before the stream is
 * closed: the JDK's client gives the connection back to its pool only for a body read to its end, and drops it when
 * the stream is closed early.
 */
final class AnswerReader {

    private final ObjectMapper mapper;

    AnswerReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The body's JSON value, or null for an empty body. A body that is not complete JSON throws the parser's
     * {@link com.fasterxml.jackson.core.JsonProcessingException}; a connection that fails meanwhile, an
     * {@link IOException}. The stream is closed in every case.
     */
    JsonNode read(InputStream body) throws IOException {
        try (body) {
            JsonNode root;
            try (JsonParser parser = mapper.createParser(body)) {
                // the parser must not close the stream: it stops at the value's end, before the body's end
                parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
                root = parser.nextToken() == null ? null : mapper.readTree(parser);
            }
            body.transferTo(OutputStream.nullOutputStream());
            return root;
        }
    }
}
