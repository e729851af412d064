package io.triad.search.index;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LogIndex} and its {@link Indexer}; every limit is explicit.
 *
 * @param refreshInterval the longest time between two refreshes of the searchable view while documents come in (the
 *     near-real-time delay)
 * @param commitInterval how often the indexer commits the index and acknowledges the journal
 * @param maxDynamicFields distinct {@code fields.<name>} fields per daily partition; values of further names go to
 *     {@link LogSchema#FIELDS_OVERFLOW} as {@code name=value}
 * @param retentionDays whole partitions older than this many days are deleted; 0 keeps them regardless of age
 * @param retentionBytes the oldest partitions are deleted while the index is larger; 0 means no size limit
 * @param ramBufferMb RAM buffer of each partition's IndexWriter
 * @param maxOpenWriters partitions with an open IndexWriter; the least recently written one is committed and closed
 *     when another one needs a writer
 * @param batchSize records the indexer takes from the journal per poll
 * @param pollWait how long the indexer waits for the journal when it has nothing
 * @param indexThreads threads that build and add the documents of one batch in parallel (IndexWriter is concurrent)
 */
public record IndexConfig(
        Duration refreshInterval,
        Duration commitInterval,
        int maxDynamicFields,
        int retentionDays,
        long retentionBytes,
        double ramBufferMb,
        int maxOpenWriters,
        int batchSize,
        Duration pollWait,
        int indexThreads) {

    public IndexConfig {
        Objects.requireNonNull(refreshInterval, "refreshInterval");
        Objects.requireNonNull(commitInterval, "commitInterval");
        Objects.requireNonNull(pollWait, "pollWait");
        if (refreshInterval.isNegative()) {
            throw new IllegalArgumentException("refreshInterval must be >= 0; got: " + refreshInterval);
        }
        if (commitInterval.isNegative()) {
            throw new IllegalArgumentException("commitInterval must be >= 0; got: " + commitInterval);
        }
        if (maxDynamicFields < 0) {
            throw new IllegalArgumentException("maxDynamicFields must be >= 0; got: " + maxDynamicFields);
        }
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must be >= 0; got: " + retentionDays);
        }
        if (retentionBytes < 0) {
            throw new IllegalArgumentException("retentionBytes must be >= 0; got: " + retentionBytes);
        }
        if (!(ramBufferMb >= 1 && ramBufferMb <= 2048)) {
            throw new IllegalArgumentException("ramBufferMb must be within 1..2048; got: " + ramBufferMb);
        }
        if (maxOpenWriters < 1) {
            throw new IllegalArgumentException("maxOpenWriters must be >= 1; got: " + maxOpenWriters);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1; got: " + batchSize);
        }
        if (pollWait.isNegative()) {
            throw new IllegalArgumentException("pollWait must be >= 0; got: " + pollWait);
        }
        if (indexThreads < 1 || indexThreads > 64) {
            throw new IllegalArgumentException("indexThreads must be within 1..64; got: " + indexThreads);
        }
    }

    /**
     * Defaults: refresh every 500 ms, commit every 5 s, 1000 dynamic fields, 30 days, no size limit, 128 MB RAM buffer,
     * 3 open writers, batches of 10,000 records, 100 ms poll wait.
     */
    public static IndexConfig defaults() {
        return new IndexConfig(
                Duration.ofMillis(500),
                Duration.ofSeconds(5),
                1000,
                30,
                0,
                128,
                3,
                10_000,
                Duration.ofMillis(100),
                Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public IndexConfig withRefreshInterval(Duration v) {
        return new IndexConfig(
                v,
                commitInterval,
                maxDynamicFields,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                maxOpenWriters,
                batchSize,
                pollWait,
                indexThreads);
    }

    public IndexConfig withCommitInterval(Duration v) {
        return new IndexConfig(
                refreshInterval,
                v,
                maxDynamicFields,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                maxOpenWriters,
                batchSize,
                pollWait,
                indexThreads);
    }

    public IndexConfig withMaxDynamicFields(int v) {
        return new IndexConfig(
                refreshInterval,
                commitInterval,
                v,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                maxOpenWriters,
                batchSize,
                pollWait,
                indexThreads);
    }

    public IndexConfig withRetention(int days, long bytes) {
        return new IndexConfig(
                refreshInterval,
                commitInterval,
                maxDynamicFields,
                days,
                bytes,
                ramBufferMb,
                maxOpenWriters,
                batchSize,
                pollWait,
                indexThreads);
    }

    public IndexConfig withMaxOpenWriters(int v) {
        return new IndexConfig(
                refreshInterval,
                commitInterval,
                maxDynamicFields,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                v,
                batchSize,
                pollWait,
                indexThreads);
    }

    public IndexConfig withBatchSize(int v) {
        return new IndexConfig(
                refreshInterval,
                commitInterval,
                maxDynamicFields,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                maxOpenWriters,
                v,
                pollWait,
                indexThreads);
    }

    public IndexConfig withIndexThreads(int v) {
        return new IndexConfig(
                refreshInterval,
                commitInterval,
                maxDynamicFields,
                retentionDays,
                retentionBytes,
                ramBufferMb,
                maxOpenWriters,
                batchSize,
                pollWait,
                v);
    }
}
