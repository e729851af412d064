package io.triad.metrics.alerts;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.model.SeriesSource;
import io.triad.testkit.MutableClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gauges whose current value the test sets: each series has one sample, at the clock's time. */
final class GaugeSource implements SeriesSource {
    private final MutableClock clock;
    private final Map<Labels, Double> values = new LinkedHashMap<>();

    GaugeSource(MutableClock clock) {
        this.clock = clock;
    }

    void set(Labels labels, double value) {
        values.put(labels, value);
    }

    void remove(Labels labels) {
        values.remove(labels);
    }

    @Override
    public List<SeriesData> select(List<LabelMatcher> matchers, long fromMillis, long toMillis, long resolution) {
        List<SeriesData> out = new ArrayList<>();
        for (Map.Entry<Labels, Double> e : values.entrySet()) {
            if (matchers.stream().allMatch(m -> m.matches(e.getKey()))) {
                out.add(new SeriesData(e.getKey(), new long[] {clock.millis()}, new double[] {e.getValue()}));
            }
        }
        return out;
    }
}
