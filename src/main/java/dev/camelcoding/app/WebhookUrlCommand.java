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
        String path = "/coding/webhook/" + token(24);
        String secret = token(32);
        System.out.println("Service Hook for camel-coding");
        System.out.println();
        System.out.println(
                "1. In CODING: Project settings > Developer options > Service Hook > Create > WebHook (HTTP POST).");
        System.out.println("   Service URL:   " + baseUrl + path);
        System.out.println("   Token:         " + secret + "   (CODING signs every delivery with it; keep it secret)");
        System.out.println("   Content type:  application/json");
        System.out.println("   Events to tick:");
        EVENTS.forEach(event -> System.out.println("     " + event));
        System.out.println();
        System.out.println("2. Route options (application.properties of coding-sync, or the endpoint URI):");
        System.out.println("   coding.mode=" + mode
                + (mode == HookMode.hybrid
                        ? "                   # webhook for latency + a slow backstop poll"
                        : "                  # webhook only: no snapshot, no backstop"));
        System.out.println("   coding.webhook.port=" + port);
        System.out.println("   coding.webhook.path=" + path);
        System.out.println("   coding.webhook.secret=" + secret);
        System.out.println("   or: coding:issues?mode=" + mode + "&webhookPort=" + port + "&webhookPath=" + path
                + "&webhookSecret=RAW(" + secret + ")");
        System.out.println();
        System.out.println(
                "3. Make " + baseUrl + " reach port " + port + " of this host (reverse proxy or load balancer;"
                        + " CODING calls from 212.129.144.0/24, 212.64.105.0/24, 49.234.127.0/24, 49.235.224.0/24,"
                        + " 49.234.65.0/24, 81.69.101.0/24).");
        System.out.println(
                "4. Press 'Test' in CODING: the sync logs \"CODING webhook PING received\" when the hook reaches it.");
        return ExitCode.OK.code();
    }

    /** {@code bytes} random bytes, URL-safe Base64 without padding. */
    private String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
