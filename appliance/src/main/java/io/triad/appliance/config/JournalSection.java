package io.triad.appliance.config;

/** The durable journal. */
public final class JournalSection {
    public int segmentMiB = 128;
    public int commitIntervalMillis = 5;
    public int maxRecordBytes = 1024 * 1024;
    public long retentionMiB = 20 * 1024;
    public int retentionDays = 7;
    public long maxBacklogRecords = 2_000_000;

    void check(Problems p) {
        p.positive("journal.segmentMiB", segmentMiB);
        p.positive("journal.commitIntervalMillis", commitIntervalMillis);
        p.positive("journal.maxBacklogRecords", maxBacklogRecords);
    }
}
