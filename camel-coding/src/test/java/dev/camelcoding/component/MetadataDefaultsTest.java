package dev.camelcoding.component;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generated metadata (what Camel tooling, Camel JBang and Kamelet catalogs show users) must declare the defaults
 * the component really uses: every declared default is compared with the value a freshly created endpoint and
 * component hold, read through the generated configurers (the same path Camel uses to configure them).
 */
class MetadataDefaultsTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everyDeclaredEndpointDefaultIsTheValueOfAFreshEndpoint() throws Exception {
        CodingEndpoint endpoint =
                context.getEndpoint("coding:issues?teamName=acme&projectName=demo&token=t", CodingEndpoint.class);
        // Scheduler options are resolved by the consumer (the endpoint keeps -1 for "unset" initialDelay), so those
        // the consumer exposes are read from a consumer the endpoint created and configured: the value that runs.
        Consumer consumer = endpoint.createConsumer(exchange -> {});
        CodingEndpointConfigurer configurer = new CodingEndpointConfigurer();
        List<String> wrong = compare(metadata().path("properties"), "parameter", name -> {
            Method getter = getter(consumer, name);
            return getter != null ? invoke(getter, consumer) : configurer.getOptionValue(endpoint, name, false);
        });
        assertThat(wrong).isEmpty();
        // the finding that started this: Camel's generic 500 ms must not be what users read
        assertThat(metadata()
                        .path("properties")
                        .path("delay")
                        .path("defaultValue")
                        .asLong())
                .isEqualTo(60_000L);
    }

    @Test
    void everyDeclaredComponentDefaultIsTheValueOfAFreshComponent() throws Exception {
        CodingComponent component = context.getComponent("coding", CodingComponent.class);
        CodingComponentConfigurer configurer = new CodingComponentConfigurer();
        List<String> wrong = compare(
                metadata().path("componentProperties"),
                "property",
                name -> configurer.getOptionValue(component, name, false));
        assertThat(wrong).isEmpty();
    }

    private static Method getter(Object bean, String option) {
        String suffix = Character.toUpperCase(option.charAt(0)) + option.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                return bean.getClass().getMethod(prefix + suffix);
            } catch (NoSuchMethodException notThisOne) {
                // try the next spelling
            }
        }
        return null;
    }

    private static Object invoke(Method getter, Object bean) {
        try {
            return getter.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(getter.getName(), e);
        }
    }

    private JsonNode metadata() throws Exception {
        try (InputStream json = getClass().getResourceAsStream("/META-INF/dev/camelcoding/component/coding.json")) {
            return mapper.readTree(json);
        }
    }

    /** The options whose declared default differs from the target's value, each described in one line. */
    private List<String> compare(JsonNode options, String kind, Function<String, Object> valueOf) throws Exception {
        assertThat(options.size()).as(kind + " options in the metadata").isGreaterThan(10);
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> option = it.next();
            JsonNode declared = option.getValue().get("defaultValue");
            if (declared == null) {
                continue;
            }
            Object actual = valueOf.apply(option.getKey());
            compared++;
            if (!same(declared, actual)) {
                wrong.add(option.getKey() + ": declared " + declared + ", actually " + actual);
            }
        }
        assertThat(compared).as("declared defaults compared").isGreaterThan(10);
        return wrong;
    }

    private boolean same(JsonNode declared, Object actual) throws Exception {
        if (actual == null) {
            // Camel declares "none" for the scheduler option whose unset value is null (the built-in scheduler)
            return declared.isTextual() && declared.asText().equals("none");
        }
        if (actual instanceof Number number) {
            return new BigDecimal(number.toString()).compareTo(new BigDecimal(declared.asText())) == 0;
        }
        if (actual instanceof Boolean bool) {
            return declared.isBoolean() && declared.asBoolean() == bool;
        }
        if (actual instanceof Duration duration) {
            return duration.equals(context.getTypeConverter().mandatoryConvertTo(Duration.class, declared.asText()));
        }
        return actual.toString().equals(declared.asText());
    }
}
