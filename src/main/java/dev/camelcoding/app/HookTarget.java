package dev.camelcoding.app;

import dev.camelcoding.component.webhook.SecretPath;
import java.net.URI;

/**
 * Where our Service Hooks post: the public base URL CODING reaches ({@code --base-url}) plus the listener's
 * {@code coding.webhook.path}. One listener and one path serve every project (each delivery names its project), so
 * one URL identifies our hooks in every project; it is how {@code hooks} tells ours from hooks others made.
 *
 * @param baseUrl {@code https://host[:port]} without a trailing slash, or null when not given (then a hook is ours
 *     when it posts to our path on any host)
 * @param path coding.webhook.path
 */
record HookTarget(String baseUrl, String path) {

    /** From {@code --base-url} as the user typed it (null: not given); refuses what is not an http(s) URL. */
    static HookTarget of(String baseUrlOption, String path) {
        if (baseUrlOption == null || baseUrlOption.isBlank()) {
            return new HookTarget(null, path);
        }
        String base = baseUrlOption.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new ConfigurationException(
                    "--base-url " + base + " is not allowed: use the public https://host[:port] CODING will post to");
        }
        return new HookTarget(base, path);
    }

    /** The URL to register: base URL and path, in full (it holds the secret path: print {@link #masked()}). */
    String url() {
        if (baseUrl == null) {
            throw new IllegalStateException("no --base-url");
        }
        return baseUrl + path;
    }

    /** The URL for output: the path's last segment cut to its first 4 characters (as the listener logs it). */
    String masked() {
        return (baseUrl == null ? "<any host>" : baseUrl) + SecretPath.mask(path);
    }

    /** Whether a hook posting to {@code serviceUrl} is ours: exactly our URL, or our path when no base URL is given. */
    boolean isOurs(String serviceUrl) {
        if (serviceUrl == null || serviceUrl.isBlank()) {
            return false;
        }
        String url = serviceUrl.trim();
        if (baseUrl != null) {
            return url.equals(url());
        }
        try {
            return path.equals(URI.create(url).getRawPath());
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
    }

    /** Whether a hook posts somewhere on our base URL (another path: e.g. one made with a secret generated before). */
    boolean sameBase(String serviceUrl) {
        return baseUrl != null && serviceUrl != null && serviceUrl.startsWith(baseUrl + "/");
    }
}
