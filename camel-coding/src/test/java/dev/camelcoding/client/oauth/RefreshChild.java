package dev.camelcoding.client.oauth;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A second process using the same credentials file: {@code RefreshChild <file> <apiUrl>}. Prints "ready", waits for
 * a line on stdin (so the parent starts every child at once), makes one call and prints "ok" (exit 0) or the error
 * (exit 1).
 */
public final class RefreshChild {

    private RefreshChild() {}

    public static void main(String[] args) throws Exception {
        OAuthSession session = new OAuthSession(
                new FileCredentialStore(Path.of(args[0])),
                new TokenEndpoint(Duration.ofSeconds(10)),
                Clock.systemUTC());
        try (CodingApiClient client = new CodingApiClient(CodingClientOptions.builder()
                .apiUrl(args[1])
                .credentials(CodingCredentials.oauthGrant(session))
                .maxAttempts(1)
                .build())) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            client.currentUser();
            System.out.println("ok");
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
