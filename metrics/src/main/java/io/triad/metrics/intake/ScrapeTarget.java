package io.triad.metrics.intake;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * One endpoint to scrape: its job and instance (the {@code up} series' labels), the labels every series of it gets
 * ({@code site}, {@code host}, {@code component}), how often, and how to fetch the exposition.
 *
 * @param job the job name, e.g. {@code eep}
 * @param instance where it is, e.g. {@code eep-01:9100}
 * @param labels labels set on every series of the target; they win over labels of the same name in the exposition
 * @param interval how often to scrape
 * @param fetch reads the current exposition text
 */
public record ScrapeTarget(String job, String instance, Map<String, String> labels, Duration interval, Fetch fetch) {
    public ScrapeTarget {
        labels = Map.copyOf(labels);
        if (interval.toMillis() < 1000) {
            throw new IllegalArgumentException("scrape interval of " + job + " must be >= 1 s; got: " + interval);
        }
    }

    /** Reads an exposition. */
    @FunctionalInterface
    public interface Fetch {
        String get() throws IOException, InterruptedException;
    }
}
