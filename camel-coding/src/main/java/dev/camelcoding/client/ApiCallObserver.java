package dev.camelcoding.client;

/**
 * Told of every HTTP call a {@link CodingApiClient} makes, each attempt of a retried call included (what CODING's
 * rate limit counts): its Action and how it ended. Called on the calling thread, after the answer: keep it cheap
 * (a counter), never blocking.
 */
@FunctionalInterface
public interface ApiCallObserver {

    /** Observes nothing: the default. */
    ApiCallObserver NONE = (action, result) -> {};

    void called(String action, ApiCallResult result);
}
