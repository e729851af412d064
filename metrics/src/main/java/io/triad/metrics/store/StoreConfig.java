package io.triad.metrics.store;

import java.time.Duration;

/**
 * Settings of a {@link SeriesStore}; {@link #defaults()} gives every one a sensible value.
 *
 * @param maxSeries the cardinality limit: a sample of a new series beyond it is rejected
 * @param chunkMaxSamples a head chunk closes at this many samples (at most {@link XorChunk#MAX_SAMPLES})
 * @param chunkMaxSpan the chunk window: chunks hold samples of one window of this length (aligned to the epoch), and
 *     the write-ahead log holds the samples of the open windows, so this bounds the log and its replay
 * @param walSyncInterval how often the background thread fsyncs the write-ahead log (what a crash may lose)
 * @param checkpointInterval how often closed chunks are written to H2 and the log truncated
 * @param checkpointWalBytes a checkpoint also starts when the log holds this many bytes
 * @param rawRetention how long raw chunks are kept
 * @param minuteRetention how long per-minute rollups are kept
 * @param hourRetention how long per-hour rollups are kept (and the chunk rows with them)
 * @param corruptFilesKept how many database files that were set aside because they were corrupt
 *     ({@code metrics.corrupt-<UTC time>.mv.db}) are kept; older ones are deleted
 */
public record StoreConfig(
        int maxSeries,
        int chunkMaxSamples,
        Duration chunkMaxSpan,
        Duration walSyncInterval,
        Duration checkpointInterval,
        long checkpointWalBytes,
        Duration rawRetention,
        Duration minuteRetention,
        Duration hourRetention,
        int corruptFilesKept) {

    public StoreConfig {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be >= 1; got: " + maxSeries);
        }
        if (chunkMaxSamples < 2 || chunkMaxSamples > XorChunk.MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "chunkMaxSamples must be within [2, " + XorChunk.MAX_SAMPLES + "]; got: " + chunkMaxSamples);
        }
        positive("chunkMaxSpan", chunkMaxSpan);
        positive("walSyncInterval", walSyncInterval);
        positive("checkpointInterval", checkpointInterval);
        if (checkpointWalBytes < 1024) {
            throw new IllegalArgumentException("checkpointWalBytes must be >= 1024; got: " + checkpointWalBytes);
        }
        positive("rawRetention", rawRetention);
        if (minuteRetention.compareTo(rawRetention) < 0 || hourRetention.compareTo(minuteRetention) < 0) {
            throw new IllegalArgumentException("retention must not shrink with coarser resolution; got raw "
                    + rawRetention + ", minute " + minuteRetention + ", hour " + hourRetention);
        }
        if (corruptFilesKept < 1) {
            throw new IllegalArgumentException("corruptFilesKept must be >= 1; got: " + corruptFilesKept);
        }
    }

    /**
     * 100,000 series; chunks of 2 h windows, at most 2,048 samples; fsync every second; checkpoint every 5 minutes or 64 MiB of log;
     * retention raw 15 days, minute 90 days, hour 2 years (730 days); two corrupt database files kept.
     */
    public static StoreConfig defaults() {
        return new StoreConfig(
                100_000,
                2048,
                Duration.ofHours(2),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                64L << 20,
                Duration.ofDays(15),
                Duration.ofDays(90),
                Duration.ofDays(730),
                H2File.DEFAULT_KEPT);
    }

    public StoreConfig withMaxSeries(int n) {
        return new StoreConfig(
                n,
                chunkMaxSamples,
                chunkMaxSpan,
                walSyncInterval,
                checkpointInterval,
                checkpointWalBytes,
                rawRetention,
                minuteRetention,
                hourRetention,
                corruptFilesKept);
    }

    public StoreConfig withChunk(int samples, Duration span) {
        return new StoreConfig(
                maxSeries,
                samples,
                span,
                walSyncInterval,
                checkpointInterval,
                checkpointWalBytes,
                rawRetention,
                minuteRetention,
                hourRetention,
                corruptFilesKept);
    }

    public StoreConfig withCheckpoint(Duration interval, long walBytes) {
        return new StoreConfig(
                maxSeries,
                chunkMaxSamples,
                chunkMaxSpan,
                walSyncInterval,
                interval,
                walBytes,
                rawRetention,
                minuteRetention,
                hourRetention,
                corruptFilesKept);
    }

    public StoreConfig withRetention(Duration raw, Duration minute, Duration hour) {
        return new StoreConfig(
                maxSeries,
                chunkMaxSamples,
                chunkMaxSpan,
                walSyncInterval,
                checkpointInterval,
                checkpointWalBytes,
                raw,
                minute,
                hour,
                corruptFilesKept);
    }

    public StoreConfig withCorruptFilesKept(int n) {
        return new StoreConfig(
                maxSeries,
                chunkMaxSamples,
                chunkMaxSpan,
                walSyncInterval,
                checkpointInterval,
                checkpointWalBytes,
                rawRetention,
                minuteRetention,
                hourRetention,
                n);
    }

    private static void positive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0; got: " + d);
        }
    }
}
