package io.triad.metrics.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SampleSink;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes targets on their intervals into a {@link SampleSink}, as Prometheus does: every sample of one scrape gets
 * the scrape's time (a timestamp in the exposition is kept), the target's labels (winning over the exposition's),
 * and each scrape adds {@code up}, {@code scrape_duration_seconds} and {@code scrape_samples_scraped} with the labels
 * {@code job} and {@code instance}. A failed scrape writes {@code up 0}, is logged once per state change and counted
 * ({@code triad.scrape.errors}); lines that do not parse are counted too and the rest is kept.
 *
 * <p>NOTE: thread safe. {@link #start()} schedules every target on one daemon thread; {@link #close()} stops it.
 */
public final class Scraper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

    private final List<ScrapeTarget> targets;
    private final SampleSink sink;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Boolean> lastUp = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "triad-scraper");
        t.setDaemon(true);
        return t;
    });

    public Scraper(List<ScrapeTarget> targets, SampleSink sink, Clock clock, MeterRegistry registry) {
        this.targets = List.copyOf(targets);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Schedules every target: the first scrape at once, then every interval. */
    public void start() {
        for (ScrapeTarget t : targets) {
            timer.scheduleAtFixedRate(() -> scrape(t), 0, t.interval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One scrape of one target; returns the samples written (the three scrape series not counted). */
    public int scrape(ScrapeTarget t) {
        long now = clock.millis();
        long start = System.nanoTime();
        int written = 0;
        boolean up;
        int scraped = 0;
        try {
            PrometheusText.Result r = PrometheusText.parse(t.fetch().get());
            scraped = r.samples().size();
            for (PrometheusText.Sample s : r.samples()) {
                Map<String, String> m = new TreeMap<>(s.labels());
                m.putAll(t.labels());
                m.put(Labels.NAME, s.name());
                Long ts = s.timestampMillis();
                if (append(t, Labels.of(m), ts == null ? now : ts, s.value())) {
                    written++;
                }
            }
            if (!r.errors().isEmpty()) {
                errors(t, "parse").increment(r.errors().size());
                LOG.debug(
                        "scrape of {} had {} bad lines, first: {}",
                        t.instance(),
                        r.errors().size(),
                        r.errors().get(0));
            }
            up = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return written;
        } catch (IOException | RuntimeException e) {
            errors(t, "fetch").increment();
            if (!Boolean.FALSE.equals(lastUp.get(t.instance()))) {
                LOG.warn("scrape of {} ({}) failed: {}", t.instance(), t.job(), e.toString());
            }
            up = false;
        }
        lastUp.put(t.instance(), up);
        double seconds = (System.nanoTime() - start) / 1e9;
        append(t, scrapeLabels(t, "up"), now, up ? 1 : 0);
        append(t, scrapeLabels(t, "scrape_duration_seconds"), now, seconds);
        append(t, scrapeLabels(t, "scrape_samples_scraped"), now, scraped);
        return written;
    }

    private boolean append(ScrapeTarget t, Labels labels, long ts, double value) {
        try {
            sink.append(labels, ts, value);
            return true;
        } catch (IllegalArgumentException e) {
            errors(t, "refused").increment();
            return false;
        }
    }

    private static Labels scrapeLabels(ScrapeTarget t, String name) {
        Map<String, String> m = new TreeMap<>(t.labels());
        m.put(Labels.NAME, name);
        m.put("job", t.job());
        m.put("instance", t.instance());
        return Labels.of(m);
    }

    private Counter errors(ScrapeTarget t, String reason) {
        return Counter.builder("triad.scrape.errors")
                .description("Scrapes that failed, lines that did not parse and samples the store refused")
                .tag("job", t.job())
                .tag("reason", reason)
                .register(registry);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
