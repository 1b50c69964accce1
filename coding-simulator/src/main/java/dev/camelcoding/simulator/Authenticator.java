package dev.camelcoding.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the {@code Authorization} header the three ways CODING accepts: {@code token <personal access token>},
 * {@code Bearer <OAuth access token>} and {@code Basic base64(user:password)} for a project token. Token values are
 * compared in constant time and never logged. Restricted tokens may call only the actions granted to them.
 */
final class Authenticator {

    /** The outcome of one check: {@code tokenKey} identifies the credential for restrictions, null when rejected. */
    record Result(String tokenKey, String failure) {
        boolean ok() {
            return tokenKey != null;
        }
    }

    /** The prefix of the tokenKey of a call authenticated by an OAuth grant: {@code oauth-grant:<id>}. */
    static final String GRANT_KEY = "oauth-grant:";

    private final SimulatorConfig cfg;
    private final OAuthGrants grants;
    private final Map<String, Set<String>> restrictions = new ConcurrentHashMap<>();

    Authenticator(SimulatorConfig cfg, OAuthGrants grants) {
        this.cfg = cfg;
        this.grants = grants;
    }

    Result check(String header) {
        if (header == null || header.isBlank()) {
            return new Result(null, "Missing Authorization header.");
        }
        String h = header.trim();
        int space = h.indexOf(' ');
        if (space < 0) {
            return new Result(null, "Malformed Authorization header.");
        }
        String scheme = h.substring(0, space);
        String credential = h.substring(space + 1).trim();
        switch (scheme) {
            case "token":
                return same(credential, cfg.personalToken())
                        ? new Result(cfg.personalToken(), null)
                        : new Result(null, "Invalid personal access token.");
            case "Bearer":
                if (same(credential, cfg.oauthToken())) {
                    return new Result(cfg.oauthToken(), null);
                }
                // A token issued through /api/oauth/access_token: only the grant's live, unexpired one.
                return grants.grantOf(credential)
                        .map(id -> new Result(GRANT_KEY + id, null))
                        .orElse(new Result(null, "Invalid or expired OAuth access token."));
            case "Basic": {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return new Result(null, "Malformed Basic credentials.");
                }
                String expected = cfg.projectTokenUser() + ":" + cfg.projectTokenPassword();
                return same(decoded, expected)
                        ? new Result(cfg.projectTokenPassword(), null)
                        : new Result(null, "Invalid project token.");
            }
            default:
                return new Result(null, "Unsupported authorization scheme.");
        }
    }

    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Limits a token to {@code actions}. {@code token} is the personal or OAuth token, or the project token's user
     * name or password; {@code null} actions lifts the restriction.
     */
    void restrict(String token, Set<String> actions) {
        String key = token.equals(cfg.projectTokenUser()) ? cfg.projectTokenPassword() : token;
        if (actions == null) {
            restrictions.remove(key);
        } else {
            restrictions.put(key, Set.copyOf(actions));
        }
    }

    boolean allowed(String tokenKey, String action) {
        Set<String> allowed = restrictions.get(tokenKey);
        return allowed == null || allowed.contains(action);
    }
}
