package dev.camelcoding.app;

import dev.camelcoding.component.status.StoredSource;
import dev.camelcoding.component.store.StoreStateRepository;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The sources a store holds state for, read from its state keys ({@link StoredSource#of}). */
final class StoredSources {

    private StoredSources() {}

    /** Every source with state in {@code repository}, each once, in the order of their keys. */
    static List<StoredSource> in(StoreStateRepository repository) {
        Set<StoredSource> sources = new LinkedHashSet<>();
        for (String key : repository.keys("coding:")) {
            StoredSource.of(key).ifPresent(sources::add);
        }
        return List.copyOf(sources);
    }
}
