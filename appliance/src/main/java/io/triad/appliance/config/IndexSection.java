package io.triad.appliance.config;

/** The Lucene index. */
public final class IndexSection {
    public int refreshMillis = 500;
    public int commitSeconds = 5;
    public int retentionDays = 30;
    public long retentionMiB = 100 * 1024;
    public int maxDynamicFields = 1000;
    public int ramBufferMiB = 128;

    /** Threads that index one batch in parallel (the default: the cores, at most 4). */
    public int indexThreads = Math.min(4, Runtime.getRuntime().availableProcessors());

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
