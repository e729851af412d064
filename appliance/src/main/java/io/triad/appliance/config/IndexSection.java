package io.triad.appliance.config;

/**
 * The Lucene index.
 *
 * @param indexThreads threads that index one batch in parallel (the default: the cores, at most 4)
 */
public record IndexSection(
        int refreshMillis,
        int commitSeconds,
        int retentionDays,
        long retentionMiB,
        int maxDynamicFields,
        int ramBufferMiB,
        int indexThreads) {
    /** The defaults. */
    public IndexSection() {
        this(500, 5, 30, 100 * 1024, 1000, 128, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public IndexSection withRefreshMillis(int refreshMillis) {
        return new IndexSection(
                refreshMillis,
                commitSeconds,
                retentionDays,
                retentionMiB,
                maxDynamicFields,
                ramBufferMiB,
                indexThreads);
    }

    public IndexSection withCommitSeconds(int commitSeconds) {
        return new IndexSection(
                refreshMillis,
                commitSeconds,
                retentionDays,
                retentionMiB,
                maxDynamicFields,
                ramBufferMiB,
                indexThreads);
    }

    public IndexSection withRamBufferMiB(int ramBufferMiB) {
        return new IndexSection(
                refreshMillis,
                commitSeconds,
                retentionDays,
                retentionMiB,
                maxDynamicFields,
                ramBufferMiB,
                indexThreads);
    }

    void check(Problems p) {
        p.positive("index.refreshMillis", refreshMillis);
        if (refreshMillis > 1000) {
            p.add("index.refreshMillis must be <= 1000 (events are searchable within 1 s); got: " + refreshMillis);
        }
        p.positive("index.commitSeconds", commitSeconds);
        p.positive("index.retentionDays", retentionDays);
        p.positive("index.indexThreads", indexThreads);
    }
}
