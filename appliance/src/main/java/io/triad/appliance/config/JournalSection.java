package io.triad.appliance.config;

/** The durable journal. */
public record JournalSection(
        int segmentMiB,
        int commitIntervalMillis,
        int maxRecordBytes,
        long retentionMiB,
        int retentionDays,
        long maxBacklogRecords) {
    /** The defaults. */
    public JournalSection() {
        this(128, 5, 1024 * 1024, 20 * 1024, 7, 2_000_000);
    }

    void check(Problems p) {
        p.positive("journal.segmentMiB", segmentMiB);
        p.positive("journal.commitIntervalMillis", commitIntervalMillis);
        p.positive("journal.maxBacklogRecords", maxBacklogRecords);
    }
}
