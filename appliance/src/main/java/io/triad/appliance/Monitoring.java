package io.triad.appliance;

import io.triad.appliance.config.MetricsSection;
import io.triad.appliance.config.ModuleConfigs;
import io.triad.appliance.config.ScrapeSection;
import io.triad.appliance.config.TriadConfig;
import io.triad.metrics.SelfMetrics;
import io.triad.metrics.host.HostProbe;
import io.triad.metrics.host.HostTelemetry;
import io.triad.metrics.intake.HttpFetch;
import io.triad.metrics.intake.ScrapeTarget;
import io.triad.metrics.intake.Scraper;
import io.triad.metrics.model.SampleSink;
import io.triad.metrics.store.RejectedSampleException;
import io.triad.metrics.store.SeriesStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics store in {@code <data>/metrics} with host telemetry and scrapes (the appliance's own meters and the
 * configured targets) writing into it, and its periodic retention.
 *
 * @param store the store, for queries
 * @param sink the store as the sink of pushed samples (a refused sample is an {@link IllegalArgumentException})
 */
record Monitoring(SeriesStore store, SampleSink sink) {
    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    /** Opens the store and starts what writes into it; every part is recorded in {@code started}. */
    static Monitoring start(TriadConfig config, Path data, StartedComponents started, SelfMetrics metrics, Clock clock)
            throws IOException {
        MetricsSection ms = config.metrics;
        String site = config.site.id();
        SeriesStore store = started.push(SeriesStore.open(data.resolve("metrics"), ModuleConfigs.store(config), clock));
        io.triad.metrics.StoreMeters.bind(metrics.registry(), store::stats, data.resolve("metrics/wal"));
        SampleSink sink = (labels, ts, value) -> {
            try {
                store.append(labels, ts, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RejectedSampleException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        };
        String host = Appliance.hostName();
        HostTelemetry hostTelemetry = started.push(new HostTelemetry(
                new HostProbe(site, host, Path.of("/proc/pressure")),
                sink,
                clock,
                Duration.ofSeconds(ms.hostIntervalSeconds),
                metrics.registry()));
        hostTelemetry.start();
        List<ScrapeTarget> targets = new ArrayList<>();
        targets.add(new ScrapeTarget(
                "triad",
                site,
                Map.of("site", site, "host", host, "component", "appliance"),
                Duration.ofSeconds(ms.selfScrapeSeconds),
                metrics::scrape));
        for (ScrapeSection t : ms.scrape) {
            targets.add(target(site, t, ms.maxScrapeBytes));
        }
        Scraper scraper = started.push(new Scraper(targets, sink, clock, metrics.registry()));
        scraper.start();
        scheduleRetention(store, started);
        return new Monitoring(store, sink);
    }

    /** A configured scrape target: its series labelled with this site, the host and the component. */
    private static ScrapeTarget target(String site, ScrapeSection t, int maxScrapeBytes) {
        URI url = URI.create(t.url());
        String instance = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        return new ScrapeTarget(
                t.job(),
                instance,
                Map.of(
                        "site", site,
                        "host", t.host().isEmpty() ? String.valueOf(url.getHost()) : t.host(),
                        "component", t.component().isEmpty() ? t.job() : t.component()),
                Duration.ofSeconds(t.intervalSeconds()),
                new HttpFetch(
                        url,
                        Duration.ofSeconds(10),
                        maxScrapeBytes,
                        t.authorization().isEmpty() ? null : t.authorization()));
    }

    /** The store's retention, a minute after the start and then hourly. */
    private static void scheduleRetention(SeriesStore store, StartedComponents started) {
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "triad-metrics-retention");
            t.setDaemon(true);
            return t;
        });
        started.push(housekeeping::shutdownNow);
        var unused = housekeeping.scheduleAtFixedRate(
                () -> {
                    try {
                        store.applyRetention();
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("metrics retention failed: {}", e.toString());
                    }
                },
                1,
                60,
                TimeUnit.MINUTES);
    }
}
