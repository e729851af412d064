/**
 * The durable journal: append-only segment files of CRC32C-checked records, group commit with fsync, recovery
 * that truncates a torn tail and counts corrupt records, readers that tail it (the indexer, replication), and
 * retention that never deletes what a registered consumer has not yet taken. Central types: {@link
 * io.triad.collector.journal.Journal}, {@link io.triad.collector.journal.JournalReader}, {@link
 * io.triad.collector.journal.JournalRecord}.
 *
 * <p>API of the module: {@link io.triad.collector.journal.Journal} (with its {@code RecoveryReport}), {@link
 * io.triad.collector.journal.JournalConfig}, {@link io.triad.collector.journal.JournalConsumer}, {@link
 * io.triad.collector.journal.JournalReader} and {@link io.triad.collector.journal.JournalRecord}. {@link
 * io.triad.collector.journal.EventCodec} is public for {@code collector.replication} only; the parts of the journal
 * are package-private.
 */
@NullMarked
package io.triad.collector.journal;

import org.jspecify.annotations.NullMarked;
