package dev.camelcoding.app;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed connector's "Generate" step: an unguessable path and a strong secret for a Service Hook, with what to
 * paste into CODING and the matching route options.
 */
@Command(
        name = "webhook-url",
        mixinStandardHelpOptions = true,
        description = "Generate an unguessable Service Hook"
                + " path and secret, and print what to paste into CODING and the route options.")
final class WebhookUrlCommand implements Callable<Integer> {

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "the public https://host[:port] CODING will post to")
    String baseUrl;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8085",
            description = "the port the listener opens" + " (default ${DEFAULT-VALUE})")
    int port;

    /** The modes that receive Service Hooks. */
    enum HookMode {
        hybrid,
        webhook
    }

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            defaultValue = "hybrid",
            description = "the coding.mode to print:"
                    + " ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: webhooks plus a slow backstop poll)")
    HookMode mode;

    /** The events camel-coding turns into changes (HookEvents maps each); tick these in CODING. */
    static final List<String> EVENTS = List.of(
            "ISSUE_CREATED",
            "ISSUE_UPDATED",
            "ISSUE_STATUS_UPDATED",
            "ISSUE_ASSIGNEE_CHANGED",
            "ISSUE_ITERATION_CHANGED",
            "ISSUE_RELATIONSHIP_CHANGED",
            "ISSUE_HOUR_RECORD_UPDATED",
            "ISSUE_DELETED",
            "ISSUE_COMMENT_CREATED",
            "ITERATION_CREATED",
            "ITERATION_UPDATED",
            "ITERATION_DELETED",
            "ITERATION_PLANNED",
            "MEMBER_CREATED",
            "MEMBER_ROLE_UPDATED",
            "MEMBER_DELETED");

    private final SecureRandom random = new SecureRandom();

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port " + port + " is out of range: use 0 to 65535");
        }
        String baseUrl = this.baseUrl;
        if (baseUrl == null) {
            baseUrl = "https://<your public host>";
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        String path = newPath();
        String secret = newSecret();
        ManualHookSteps.generated(baseUrl, mode.name(), port, path, secret).print(System.out);
        return ExitCode.OK.code();
    }

    /** An unguessable webhook path: the listener's first secret. */
    String newPath() {
        return "/coding/webhook/" + token(24);
    }

    /** A strong signing secret for the hook's token and coding.webhook.secret. */
    String newSecret() {
        return token(32);
    }

    /** {@code bytes} random bytes, URL-safe Base64 without padding. */
    private String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
