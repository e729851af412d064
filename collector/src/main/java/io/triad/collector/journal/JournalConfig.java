package io.triad.collector.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Journal}; every limit is explicit.
 *
 * @param directory where the segment files live (created when missing)
 * @param site the local site id, the origin of events this journal numbers
 * @param segmentBytes size at which a segment is rolled
 * @param commitInterval the longest an append waits for its group commit (fsync)
 * @param maxRecordBytes the largest serialized event accepted; larger ones fail their append
 * @param retentionBytes total size of segments kept; older whole segments beyond it are deleted once every
 *     consumer has taken them
 * @param retentionAge age after which whole segments are deleted once every consumer has taken them
 * @param maxBacklogRecords records appended but not yet taken by the slowest consumer before {@link
 *     Journal#accepting()} turns false (back-pressure)
 */
public record JournalConfig(
        Path directory,
        String site,
        long segmentBytes,
        Duration commitInterval,
        int maxRecordBytes,
        long retentionBytes,
        Duration retentionAge,
        long maxBacklogRecords) {

    public JournalConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(retentionAge, "retentionAge");
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be >= 4096; got: " + segmentBytes);
        }
        if (maxRecordBytes < 256 || maxRecordBytes > segmentBytes) {
            throw new IllegalArgumentException(
                    "maxRecordBytes must be within 256.." + segmentBytes + "; got: " + maxRecordBytes);
        }
        if (maxBacklogRecords < 1) {
            throw new IllegalArgumentException("maxBacklogRecords must be >= 1; got: " + maxBacklogRecords);
        }
    }

    /** Defaults: 128 MiB segments, 5 ms group commit, 1 MiB records, 20 GiB / 7 days, 2 million backlog. */
    public static JournalConfig defaults(Path directory, String site) {
        return new JournalConfig(
                directory, site, 128L << 20, Duration.ofMillis(5), 1 << 20, 20L << 30, Duration.ofDays(7), 2_000_000);
    }
}
