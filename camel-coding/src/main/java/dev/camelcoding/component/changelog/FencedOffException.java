package dev.camelcoding.component.changelog;

/**
 * An append was refused because the reader's lease is no longer the current one: another reader took it over (a
 * higher epoch) or it expired by the database's clock. Nothing of the batch was written. The reader must stop
 * reading CODING for that source; the new leader continues from the log's head.
 */
public class FencedOffException extends ChangeLogException {

    private final Fence fence;

    public FencedOffException(Fence fence, String reason) {
        super("append to the change log refused: the reader lease '" + fence.namespace() + "' of epoch " + fence.epoch()
                + " " + reason + "; this reader is no longer the leader and must stop");
        this.fence = fence;
    }

    /** The fence the refused append carried. */
    public Fence fence() {
        return fence;
    }
}
