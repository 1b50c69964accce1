package dev.camelcoding.component;

/** What a poll of the iterations table emits (CODING cannot filter iterations by update time). */
public enum IterationStrategy {
    /** Every poll emits the whole list as one batch of {@code op=r}, so a sink can replace the project's rows. */
    overwrite,
    /** Every poll compares with the previous list and emits only real creates, updates and deletes. */
    diff
}
