package io.triad.appliance.config;

import java.util.ArrayList;
import java.util.List;

/** Monitoring: the metrics store, host telemetry and scrape targets. */
public final class MetricsSection {
    /** Seconds between two host probes (CPU, memory, disks, network through OSHI). */
    public int hostIntervalSeconds = 10;

    /** Seconds between two scrapes of the appliance's own meters into the store. */
    public int selfScrapeSeconds = 15;

    /** Series the store accepts at most; the first sample of one more is refused and counted. */
    public int maxSeries = 100_000;

    /**
     * MiB of range-query answers over the settled past kept for dashboard refreshes (0: none); a late sample or a
     * retention pass retires them.
     */
    public int resultsCacheMiB = 64;

    public int rawRetentionDays = 15;
    public int minuteRetentionDays = 90;
    public int hourRetentionDays = 730;

    /** The largest exposition a scrape accepts. */
    public int maxScrapeBytes = 16 * 1024 * 1024;

    /** Prometheus or OpenMetrics endpoints of components to scrape. */
    public List<ScrapeSection> scrape = new ArrayList<>();

    /**
     * The largest pushed metrics body (OTLP {@code /v1/metrics}, remote_write {@code /api/v1/write}) once
     * decompressed; more is answered 413. The OTLP port's {@code inputs} HTTP limits apply first.
     */
    public int maxIntakeBytes = 32 * 1024 * 1024;

    /** Time series (remote_write) or data points (OTLP) one pushed request may carry; more is answered 400. */
    public int maxIntakeSeriesPerRequest = 10_000;

    /** Labels of one pushed series, its name and the added site, host and component included (at least 5). */
    public int maxIntakeLabels = 64;

    /** The longest label name of a pushed series; a longer one refuses the series (counted). */
    public int maxIntakeLabelNameLength = 128;

    /** The longest label value of a pushed series; a longer one refuses the series (counted). */
    public int maxIntakeLabelValueLength = 2048;

    void check(Problems p) {
        p.positive("metrics.hostIntervalSeconds", hostIntervalSeconds);
        p.positive("metrics.selfScrapeSeconds", selfScrapeSeconds);
        p.positive("metrics.maxSeries", maxSeries);
        if (resultsCacheMiB < 0 || resultsCacheMiB > 65_536) {
            p.add("metrics.resultsCacheMiB must be within [0, 65536]; got: " + resultsCacheMiB);
        }
        p.positive("metrics.rawRetentionDays", rawRetentionDays);
        p.positive("metrics.minuteRetentionDays", minuteRetentionDays);
        p.positive("metrics.hourRetentionDays", hourRetentionDays);
        p.positive("metrics.maxScrapeBytes", maxScrapeBytes);
        p.positive("metrics.maxIntakeBytes", maxIntakeBytes);
        p.positive("metrics.maxIntakeSeriesPerRequest", maxIntakeSeriesPerRequest);
        if (maxIntakeLabels < 5) {
            p.add("metrics.maxIntakeLabels must be >= 5; got: " + maxIntakeLabels);
        }
        p.positive("metrics.maxIntakeLabelNameLength", maxIntakeLabelNameLength);
        p.positive("metrics.maxIntakeLabelValueLength", maxIntakeLabelValueLength);
        for (int i = 0; i < scrape.size(); i++) {
            scrape.get(i).check(p, "metrics.scrape[" + i + "]");
        }
    }
}
