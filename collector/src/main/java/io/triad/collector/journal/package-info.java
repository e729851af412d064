/**
 * The durable journal: append-only segment files of CRC32C-checked records, group commit with fsync, recovery
 * that truncates a torn tail and counts corrupt records, readers that tail it (the indexer, replication), and
 * retention that never deletes what a registered consumer has not yet taken. Central types: {@link
 * io.triad.collector.journal.Journal}, {@link io.triad.collector.journal.JournalReader}, {@link
 * io.triad.collector.journal.JournalRecord}.
 */
@NullMarked
package io.triad.collector.journal;

import org.jspecify.annotations.NullMarked;
