package dev.camelcoding.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;

/** The JSON form of {@link StatusReport} and the page's figures: instants as ISO-8601 text, fields as named. */
final class StatusJson {

    /** Instants as {@link Instant#toString()} (ISO-8601, UTC): the JSR-310 module is not on the class path. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(
                    new SimpleModule("status-instants").addSerializer(Instant.class, ToStringSerializer.instance));

    private StatusJson() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
