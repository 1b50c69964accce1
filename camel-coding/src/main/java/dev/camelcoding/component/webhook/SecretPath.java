package dev.camelcoding.component.webhook;

import java.util.regex.Pattern;

/**
 * The webhook path is the listener's first secret (coding-sync webhook-url puts an unguessable segment in it), so it
 * is compared byte for byte on the raw request path and never written out whole.
 */
public final class SecretPath {

    /** A context path a servlet or platform-http engine may put before ours: plain segments only. */
    private static final Pattern CONTEXT_PATH = Pattern.compile("(/[A-Za-z0-9_\\-]+)*");

    private static final int SHOWN = 4;

    private SecretPath() {}

    /**
     * Whether the raw request path (as sent: not decoded, not normalised; a query string is cut off) is exactly
     * {@code configured}. HTTP servers match paths leniently for routing (they decode {@code %77}, drop
     * {@code ;param}, resolve {@code ..}, some ignore case); the secret must not be: any spelling but the configured
     * one is refused. A plain context path in front (a servlet engine's) is allowed.
     */
    public static boolean matches(String rawUri, String configured) {
        if (rawUri == null || configured == null) {
            return false;
        }
        String raw = rawUri;
        int query = raw.indexOf('?');
        if (query >= 0) {
            raw = raw.substring(0, query);
        }
        if (raw.equals(configured)) {
            return true;
        }
        return raw.endsWith(configured)
                && CONTEXT_PATH
                        .matcher(raw.substring(0, raw.length() - configured.length()))
                        .matches();
    }

    /** The path for logs and messages: its last segment cut to its first 4 characters and an ellipsis. */
    public static String mask(String path) {
        if (path == null) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        String head = path.substring(0, slash + 1);
        String secret = path.substring(slash + 1);
        return head + (secret.length() <= SHOWN ? "…" : secret.substring(0, SHOWN) + "…");
    }
}
