package dev.camelcoding.app;

import dev.camelcoding.component.CodingTable;
import dev.camelcoding.component.polling.CommentFreshness;
import dev.camelcoding.component.status.CodingStatusReader;
import dev.camelcoding.component.store.StoreStateRepository;
import java.util.Optional;

/**
 * What {@code verify} can say about comments without a call per issue: how many issues' comments the sync has read at
 * least once, from the same status API {@code status} reads ({@link CodingStatusReader}). CODING lists comments per
 * issue only and the issue rows carry no comment count, so an issue whose comments were never read is the one thing
 * known to be missing from the sink; the comments of issues read are as fresh as their last read.
 */
final class CommentProgress {

    private final SyncSettings settings;

    CommentProgress(SyncSettings settings) {
        this.settings = settings;
    }

    /** The comments' read progress as last saved, or empty when the sync has not started on comments. */
    Optional<CommentFreshness> read() {
        StoreSettings store = new StoreSettings(settings);
        if (!store.exists()) {
            return Optional.empty();
        }
        try (StoreSettings.Opened opened = store.open()) {
            opened.store().define(StoreStateRepository.PART);
            return StatusCommand.read(
                            new CodingStatusReader(new StoreStateRepository(opened.store())),
                            CodingTable.COMMENTS,
                            settings)
                    .comments();
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
