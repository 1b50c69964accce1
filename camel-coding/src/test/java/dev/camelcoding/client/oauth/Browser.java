package dev.camelcoding.client.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the user's browser does: opens the authorize URL and follows CODING's redirect to the callback. */
final class Browser {

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** Opens the authorize page and returns where it redirects (the callback URL with code and state). */
    URI approve(URI authorizeUrl) throws IOException, InterruptedException {
        HttpResponse<String> page = get(authorizeUrl);
        if (page.statusCode() != 302) {
            throw new AssertionError("the authorize page answered " + page.statusCode() + ": " + page.body());
        }
        return URI.create(page.headers().firstValue("Location").orElseThrow());
    }

    HttpResponse<String> get(URI url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
