package dev.camelcoding.app;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The seed connector's "Generate" step: an unguessable path and a strong secret for a Service Hook, with what to
 * paste into CODING and the matching route options.
 */
final class WebhookUrlCommand {

    /** The events camel-coding turns into changes (HookEvents maps each); tick these in CODING. */
    static final List<String> EVENTS = List.of("ISSUE_CREATED", "ISSUE_UPDATED", "ISSUE_STATUS_UPDATED",
            "ISSUE_ASSIGNEE_CHANGED", "ISSUE_ITERATION_CHANGED", "ISSUE_RELATIONSHIP_CHANGED", "ISSUE_HOUR_RECORD_UPDATED",
            "ISSUE_DELETED", "ISSUE_COMMENT_CREATED", "ITERATION_CREATED", "ITERATION_UPDATED", "ITERATION_DELETED",
            "ITERATION_PLANNED", "MEMBER_CREATED", "MEMBER_ROLE_UPDATED", "MEMBER_DELETED");

    private final SecureRandom random = new SecureRandom();

    int run(String[] args) {
        String baseUrl = null;
        int port = 8085;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--base-url" -> baseUrl = value(args, ++i, "--base-url");
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                default -> throw new ConfigurationException("webhook-url: unknown option " + args[i]
                        + " (use --base-url https://your-host[:port] and --port N)");
            }
        }
        if (baseUrl == null) {
            baseUrl = "https://<your public host>";
        }
        baseUrl = baseUrl.replaceAll("/+$", "");
        String path = "/coding/webhook/" + token(24);
        String secret = token(32);
        System.out.println("Service Hook for camel-coding");
        System.out.println();
        System.out.println("1. In CODING: Project settings > Developer options > Service Hook > Create > WebHook (HTTP POST).");
        System.out.println("   Service URL:   " + baseUrl + path);
        System.out.println("   Token:         " + secret + "   (CODING signs every delivery with it; keep it secret)");
        System.out.println("   Content type:  application/json");
        System.out.println("   Events to tick:");
        EVENTS.forEach(event -> System.out.println("     " + event));
        System.out.println();
        System.out.println("2. Route options (application.properties of coding-sync, or the endpoint URI):");
        System.out.println("   coding.mode=hybrid                   # webhook for latency + a slow backstop poll");
        System.out.println("   coding.webhook.port=" + port);
        System.out.println("   coding.webhook.path=" + path);
        System.out.println("   coding.webhook.secret=" + secret);
        System.out.println("   or: coding:issues?mode=hybrid&webhookPort=" + port + "&webhookPath=" + path
                + "&webhookSecret=RAW(" + secret + ")");
        System.out.println();
        System.out.println("3. Make " + baseUrl + " reach port " + port + " of this host (reverse proxy or load balancer;"
                + " CODING calls from 212.129.144.0/24, 212.64.105.0/24, 49.234.127.0/24, 49.235.224.0/24,"
                + " 49.234.65.0/24, 81.69.101.0/24).");
        System.out.println("4. Press 'Test' in CODING: the sync logs \"CODING webhook PING received\" when the hook reaches it.");
        return 0;
    }

    /** {@code bytes} random bytes, URL-safe Base64 without padding. */
    private String token(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new ConfigurationException(option + " needs a value");
        }
        return args[index];
    }
}
