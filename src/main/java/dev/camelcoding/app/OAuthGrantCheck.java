package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingCredentials;
import dev.camelcoding.client.CodingOAuthGrantException;
import dev.camelcoding.client.oauth.OAuthException;
import dev.camelcoding.client.oauth.OAuthGrant;
import dev.camelcoding.client.oauth.OAuthSession;

/**
 * {@code test}'s check of an OAuth grant: it exists, CODING accepts it (refreshing it if it must, as {@code run}
 * would), and if not, whether it was never made, or is expired or revoked, with the command that authorizes again.
 */
final class OAuthGrantCheck {

    private OAuthGrantCheck() {}

    static String check(CodingCredentials.OAuthStore credentials, CodingApiClient client) {
        OAuthSession session = credentials.session();
        String store = session.store().id();
        OAuthGrant grant = session.store()
                .load()
                .orElseThrow(() -> new ConfigurationException("no grant in " + store
                        + ": run ./coding-sync authorize --client-id <your app's client id> --credentials " + store));
        try {
            client.currentUser(); // exercises the grant: refreshed before expiry, and once if CODING refuses it
        } catch (CodingOAuthGrantException e) {
            if (e.kind() == OAuthException.Kind.CLIENT_REFUSED) {
                throw new ConfigurationException("CODING refused the client id or secret of the OAuth app "
                        + grant.app().clientId() + " kept in " + store + " (a secret revoked in CODING?): run"
                        + " ./coding-sync authorize --client-id " + grant.app().clientId() + " --credentials " + store
                        + " again with a current secret");
            }
            throw new ConfigurationException("the OAuth grant of team " + grant.team() + " in " + store
                    + " is expired or revoked (CODING refused its refresh token): run ./coding-sync authorize"
                    + " --client-id " + grant.app().clientId() + " --credentials " + store + " again");
        }
        OAuthGrant now = session.grant();
        return "team " + now.team() + ", access token valid until " + now.expiresAt() + " (refreshed automatically)";
    }
}
