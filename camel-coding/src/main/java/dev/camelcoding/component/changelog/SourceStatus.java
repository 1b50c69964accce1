package dev.camelcoding.component.changelog;

import java.util.List;
import java.util.Optional;

/** One source of the change log: its extent, its reader, and each consumer's lag. */
public record SourceStatus(
        SourceId source, LogExtent extent, Optional<ReaderLease> reader, List<ConsumerLag> consumers) {}
