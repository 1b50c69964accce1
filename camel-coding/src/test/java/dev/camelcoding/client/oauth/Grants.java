package dev.camelcoding.client.oauth;

import dev.camelcoding.simulator.CodingSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Authorizes against the simulator the way a user does (authorize page, redirect, callback), for tests. */
public final class Grants {

    private Grants() {}

    static OAuthApp app(CodingSimulator sim) {
        return new OAuthApp(sim.oauthClientId(), sim.oauthClientSecret());
    }

    static AuthorizeFlow flow(CodingSimulator sim, CredentialStore store, Clock clock) {
        return flow(sim, store, clock, app(sim));
    }

    static AuthorizeFlow flow(CodingSimulator sim, CredentialStore store, Clock clock, OAuthApp app) {
        return AuthorizeFlow.builder()
                .team(sim.team())
                .siteUrl(URI.create(sim.siteUrl()))
                .app(app)
                .scopes(ScopeFormat.V2025.readScopes(List.of("issues", "iterations")))
                .store(store)
                .clock(clock)
                .build()
                .start();
    }

    /** The whole flow, callback included; returns the saved grant. */
    static OAuthGrant authorize(CodingSimulator sim, Path file, Clock clock) throws Exception {
        return authorize(sim, file, clock, app(sim));
    }

    public static OAuthGrant authorize(CodingSimulator sim, Path file, Clock clock, OAuthApp app) throws Exception {
        try (AuthorizeFlow flow = flow(sim, new FileCredentialStore(file), clock, app)) {
            URI callback = new Browser().approve(flow.authorizeUrl());
            new Browser().get(callback);
            return flow.await(Duration.ofSeconds(10));
        }
    }
}
