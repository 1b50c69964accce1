package dev.camelcoding.client.oauth;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A store seam: records what happens to the real file store, and lets a test look (or crash) right after a save. */
final class RecordingStore implements CredentialStore {

    final List<String> events = new CopyOnWriteArrayList<>();
    private final CredentialStore delegate;
    private volatile Consumer<OAuthGrant> afterSave = grant -> {};

    RecordingStore(CredentialStore delegate) {
        this.delegate = delegate;
    }

    void afterSave(Consumer<OAuthGrant> check) {
        this.afterSave = check;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public Optional<OAuthGrant> load() {
        events.add("load");
        return delegate.load();
    }

    @Override
    public void save(OAuthGrant grant) {
        events.add("save");
        delegate.save(grant);
        events.add("saved");
        afterSave.accept(grant);
    }

    @Override
    public Lock lock() {
        Lock lock = delegate.lock();
        events.add("lock");
        return () -> {
            events.add("unlock");
            lock.close();
        };
    }
}
