package dev.camelcoding.app;

import java.io.PrintStream;

/**
 * The steps that set a Service Hook up by hand in CODING's web UI, with the route options that match it: what
 * {@code webhook-url} prints, and what {@code hooks install} prints when the credential may not create hooks.
 *
 * @param serviceUrl the URL to paste into CODING, as it may be shown (in full only when the user must copy it)
 * @param token the token to paste, as it may be shown
 * @param pathOption the value shown for coding.webhook.path
 * @param secretOption the value shown for coding.webhook.secret
 * @param uriOptions the endpoint URI form of the options, or null when the values are not shown in full
 */
record ManualHookSteps(
        String baseUrl,
        String serviceUrl,
        String token,
        String mode,
        int port,
        String pathOption,
        String secretOption,
        String uriOptions) {

    /** Fresh values: everything in full, since the user must copy them into CODING and the configuration. */
    static ManualHookSteps generated(String baseUrl, String mode, int port, String path, String secret) {
        return new ManualHookSteps(
                baseUrl,
                baseUrl + path,
                secret + "   (CODING signs every delivery with it; keep it secret)",
                mode,
                port,
                path,
                secret,
                "coding:issues?mode=" + mode + "&webhookPort=" + port + "&webhookPath=" + path + "&webhookSecret=RAW("
                        + secret + ")");
    }

    /** Values already configured: named by their keys and masked (the user has them in the configuration). */
    static ManualHookSteps configured(String baseUrl, String mode, int port, String maskedPath) {
        return new ManualHookSteps(
                baseUrl,
                baseUrl + maskedPath + "   (--base-url + the value of coding.webhook.path)",
                "the value of coding.webhook.secret",
                mode,
                port,
                maskedPath + "   (set)",
                "…   (set)",
                null);
    }

    void print(PrintStream out) {
        out.println("Service Hook for camel-coding");
        out.println();
        out.println(
                "1. In CODING: Project settings > Developer options > Service Hook > Create > WebHook (HTTP POST).");
        out.println("   Service URL:   " + serviceUrl);
        out.println("   Token:         " + token);
        out.println("   Content type:  application/json");
        out.println("   Events to tick:");
        WebhookUrlCommand.EVENTS.forEach(event -> out.println("     " + event));
        out.println();
        out.println("2. Route options (application.properties of coding-sync, or the endpoint URI):");
        out.println("   coding.mode=" + mode
                + ("hybrid".equals(mode)
                        ? "                   # webhook for latency + a slow backstop poll"
                        : "                  # webhook only: no snapshot, no backstop"));
        out.println("   coding.webhook.port=" + port);
        out.println("   coding.webhook.path=" + pathOption);
        out.println("   coding.webhook.secret=" + secretOption);
        if (uriOptions != null) {
            out.println("   or: " + uriOptions);
        }
        out.println();
        out.println("3. Make " + baseUrl + " reach port " + port + " of this host (reverse proxy or load balancer;"
                + " CODING calls from 212.129.144.0/24, 212.64.105.0/24, 49.234.127.0/24, 49.235.224.0/24,"
                + " 49.234.65.0/24, 81.69.101.0/24).");
        out.println(
                "4. Press 'Test' in CODING: the sync logs \"CODING webhook PING received\" when the hook reaches it.");
    }
}
