package dev.camelcoding.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.camelcoding.component.webhook.HookEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WebhookUrlCommandTest {

    private String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(CodingSync.execute(cat("webhook-url", args))).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAnUnguessablePathAndAStrongSecretEachTime() {
        String first = run("--base-url", "https://sync.example.com/");
        String second = run("--base-url", "https://sync.example.com");

        Matcher url = Pattern.compile("Service URL: +https://sync\\.example\\.com(/coding/webhook/[A-Za-z0-9_-]{32})")
                .matcher(first);
        Matcher secret = Pattern.compile("Token: +([A-Za-z0-9_-]{43}) ").matcher(first);
        assertThat(url.find()).isTrue();
        assertThat(secret.find()).isTrue();
        assertThat(second).doesNotContain(url.group(1)).doesNotContain(secret.group(1));
        assertThat(first).contains("coding.webhook.path=" + url.group(1), "coding.webhook.secret=" + secret.group(1));
    }

    @Test
    void everyEventToTickIsOneTheComponentMaps() {
        for (String event : WebhookUrlCommand.EVENTS) {
            var body = JsonNodeFactory.instance.objectNode();
            body.putObject("issue");
            assertThat(HookEvents.map(event, body)).as(event).isPresent();
        }
    }

    private static String[] cat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
