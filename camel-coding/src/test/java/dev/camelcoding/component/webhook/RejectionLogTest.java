package dev.camelcoding.component.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/** Rejection logging is rate-limited per reason, and the secret path is only ever shown masked. */
class RejectionLogTest {

    private final List<String> warnings = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000);

    /** A logger that keeps the WARN lines it is given, formatted. */
    private Logger recording() {
        return (Logger) Proxy.newProxyInstance(
                Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("warn") && args != null && args[0] instanceof String format) {
                        Object[] rest = args.length == 2 && args[1] instanceof Object[] array
                                ? array
                                : java.util.Arrays.copyOfRange(args, 1, args.length);
                        warnings.add(MessageFormatter.arrayFormat(format, rest).getMessage());
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void aFloodOfRejectionsCostsOneLinePerReasonPerMinute() {
        RejectionLog log = new RejectionLog(recording(), SecretPath.mask("/coding/hooks/abcdef123"), 60_000, now::get);
        for (int i = 0; i < 1_778; i++) {
            log.rejected(i % 2 == 0 ? "bad-signature" : "wrong-path", i % 2 == 0 ? 401 : 404, "request " + i);
            now.addAndGet(10);
        }
        assertThat(warnings).hasSize(2); // the first of each reason

        now.addAndGet(60_000);
        log.rejected("bad-signature", 401, "a later one");

        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(2))
                .contains("888 more")
                .contains("bad-signature")
                .contains("request 1776");
        assertThat(warnings.get(3)).contains("a later one");
        log.flush();
        assertThat(warnings).hasSize(5);
        assertThat(warnings.get(4)).contains("888 more").contains("wrong-path");
        assertThat(warnings).allMatch(line -> line.contains("/coding/hooks/abcd…") && !line.contains("abcdef123"));
    }

    @Test
    void theLastSegmentOfThePathIsMasked() {
        assertThat(SecretPath.mask("/coding/hooks/3f2a9c1e-77")).isEqualTo("/coding/hooks/3f2a…");
        assertThat(SecretPath.mask("/abc")).isEqualTo("/…");
        assertThat(SecretPath.mask("/coding/webhook")).isEqualTo("/coding/webh…");
    }

    @Test
    void thePathMatchesOnlyByteForByte() {
        String path = "/coding/hooks/Secret9";
        assertThat(SecretPath.matches(path, path)).isTrue();
        assertThat(SecretPath.matches(path + "?a=b", path)).isTrue();
        assertThat(SecretPath.matches("/ctx" + path, path))
                .as("a servlet context path in front")
                .isTrue();
        assertThat(SecretPath.matches("/coding/hooks/secret9", path)).isFalse();
        assertThat(SecretPath.matches(path + ";x=1", path)).isFalse();
        assertThat(SecretPath.matches("/coding/hooks/%53ecret9", path)).isFalse();
        assertThat(SecretPath.matches("/coding/x/../hooks/Secret9", path)).isFalse();
        assertThat(SecretPath.matches("/.." + path, path)).isFalse();
        assertThat(SecretPath.matches(path + "/", path)).isFalse();
    }

    @Test
    void mediaTypesAreParsed() {
        assertThat(MediaType.parse("application/json; charset=UTF-8"))
                .get()
                .isEqualTo(new MediaType("application", "json", "UTF-8"));
        assertThat(MediaType.parse("APPLICATION/Json")).get().matches(t -> t.is("application", "json"));
        assertThat(MediaType.parse("application/jsonp")).get().matches(t -> !t.is("application", "json"));
        assertThat(MediaType.parse("application/json charset=utf-8")).isEmpty();
        assertThat(MediaType.parse("application/")).isEmpty();
        assertThat(MediaType.parse("json")).isEmpty();
        assertThat(MediaType.parse("application/json; charset=\"latin1\""))
                .get()
                .matches(t -> !t.isUtf8());
    }
}
