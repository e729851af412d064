package io.triad.metrics.query;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A {@link SeriesSource} over series held in memory, for tests; counts the selects it answers. */
final class MemorySeriesSource implements SeriesSource {
    private final Map<Labels, SeriesData> series = new LinkedHashMap<>();
    private int selects;
    private @Nullable Settled settled;

    /** What {@link #settled()} answers from now on. */
    MemorySeriesSource settle(long version, long beforeSeconds) {
        settled = new Settled(version, beforeSeconds * 1000);
        return this;
    }

    @Override
    public synchronized @Nullable Settled settled() {
        return settled;
    }

    /** Adds a series with samples at the given seconds: {@code add(labels, new long[] {0, 15}, 1, 2)}. */
    MemorySeriesSource add(Labels labels, long[] seconds, double... values) {
        long[] millis = Arrays.stream(seconds).map(s -> s * 1000).toArray();
        series.put(labels, new SeriesData(labels, millis, values));
        return this;
    }

    /** Adds a series with one sample every {@code intervalSeconds} from second 0, as promtool's input_series. */
    MemorySeriesSource every(Labels labels, long intervalSeconds, double... values) {
        long[] seconds = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            seconds[i] = i * intervalSeconds;
        }
        return add(labels, seconds, values);
    }

    int selects() {
        return selects;
    }

    @Override
    public synchronized List<SeriesData> select(
            List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolutionMillis) {
        selects++;
        List<SeriesData> out = new ArrayList<>();
        for (SeriesData s : series.values()) {
            if (!matchers.stream().allMatch(m -> m.matches(s.labels()))) {
                continue;
            }
            int from = 0;
            while (from < s.size() && s.timestamps()[from] < fromMillis) {
                from++;
            }
            int to = from;
            while (to < s.size() && s.timestamps()[to] <= toMillis) {
                to++;
            }
            if (to > from) {
                out.add(new SeriesData(
                        s.labels(),
                        Arrays.copyOfRange(s.timestamps(), from, to),
                        Arrays.copyOfRange(s.values(), from, to)));
            }
        }
        // Unsorted on purpose: the engine must not rely on the source's order.
        java.util.Collections.reverse(out);
        return out;
    }
}
