package dev.camelcoding.component.changelog;

/**
 * A reader lease this node holds: the namespace, this node's id, and the epoch the database gave it on acquisition.
 */
public record Lease(String namespace, String holder, long epoch) {

    /** The fence for appends made under this lease. */
    public Fence fence() {
        return new Fence(namespace, epoch);
    }
}
