package io.triad.collector.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * The meters of one journal ({@code triad.journal.*}), registered when it opens and removed when it closes. The
 * gauges read the journal itself (Micrometer holds a gauge's object weakly: the journal lives as long as it is open).
 *
 * <p>NOTE: thread safe (Micrometer's meters are).
 */
final class JournalMeters {

    final Counter appended;
    final Counter bytes;
    final Counter corrupt;
    final Counter duplicates;
    final Counter stalls;
    final Timer fsync;

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    JournalMeters(MeterRegistry registry, Journal journal) {
        this.registry = registry;
        appended = register(Counter.builder("triad.journal.appended")
                .description("Records appended to the journal (counted when submitted)")
                .baseUnit("records")
                .register(registry));
        bytes = register(Counter.builder("triad.journal.bytes")
                .description("Bytes of records appended to the journal, headers included")
                .baseUnit("bytes")
                .register(registry));
        duplicates = register(Counter.builder("triad.journal.duplicates")
                .description("Replicated events skipped because the journal already held them")
                .baseUnit("records")
                .register(registry));
        corrupt = register(Counter.builder("triad.journal.corrupt")
                .description("Corrupt journal records found by recovery and readers, skipped")
                .baseUnit("records")
                .register(registry));
        stalls = register(Counter.builder("triad.journal.stalls")
                .description("Times a commit failed to write (a full disk) and the journal stopped accepting to retry")
                .register(registry));
        register(Gauge.builder("triad.journal.stalled", journal, j -> j.stalled() == null ? 0 : 1)
                .description("Whether a commit waits for the disk to take its write again (1) or not (0)")
                .register(registry));
        fsync = register(Timer.builder("triad.journal.fsync")
                .description("Duration of one group commit of the journal: write and fsync")
                .register(registry));
        register(Gauge.builder("triad.journal.size", journal, Journal::sizeBytes)
                .description("Total bytes of the journal's segment files")
                .baseUnit("bytes")
                .register(registry));
        register(Gauge.builder("triad.journal.backlog", journal, Journal::backlog)
                .description("Records appended but not yet committed by the slowest journal consumer")
                .baseUnit("records")
                .register(registry));
    }

    /** Removes every meter of this journal from the registry. */
    void remove() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }
}
