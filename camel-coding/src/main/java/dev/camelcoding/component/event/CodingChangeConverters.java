package dev.camelcoding.component.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.spi.TypeConverterLoader;
import org.apache.camel.spi.TypeConverterRegistry;
import org.apache.camel.support.TypeConverterSupport;

/**
 * Camel's type converters for the change body, found by every CamelContext on the class path
 * ({@code META-INF/services/org/apache/camel/TypeConverterLoader}): a {@link CodingChange} becomes the documented event
 * text for routes and sinks that want text (Kafka, JSON Lines, a log), and event text (a replayed dead letter, a
 * Kafka record) becomes a {@link CodingChange} for the JDBC sink, whose one input is the typed change.
 */
public final class CodingChangeConverters implements TypeConverterLoader {

    @Override
    public void load(TypeConverterRegistry registry) {
        registry.addTypeConverter(String.class, CodingChange.class, new ToText());
        registry.addTypeConverter(byte[].class, CodingChange.class, new ToBytes());
        registry.addTypeConverter(CodingChange.class, String.class, new FromText());
    }

    private static final class ToText extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type.cast(((CodingChange) value).toJson());
        }
    }

    private static final class ToBytes extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            return type.cast(((CodingChange) value).toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class FromText extends TypeConverterSupport {
        @Override
        public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
            try {
                return type.cast(ChangeText.parse((String) value));
            } catch (IOException notAnEvent) {
                throw new TypeConversionException(value, type, notAnEvent);
            }
        }
    }
}
