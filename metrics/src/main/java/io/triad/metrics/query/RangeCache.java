package io.triad.metrics.query;

import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Answers of range queries over the settled past, kept so that a dashboard's refresh evaluates only its newest steps
 * (what Grafana Mimir's query-frontend and VictoriaMetrics' rollup result cache do). An entry holds the points of one
 * query at one step and step phase, from its first to its last settled step, and the source's settled version it was
 * computed at: a late sample or a retention pass changes the version and so retires every entry. Each step of a range
 * query is evaluated on its own, so a cached part joined to a freshly evaluated part is the answer a full evaluation
 * gives.
 *
 * <p>NOTE: thread safe; bounded by an estimate of the bytes its entries hold, least recently used first out.
 */
final class RangeCache {
    /** The bytes an entry may take at most, as a share of the whole cache. */
    private static final int MAX_ENTRY_SHARE = 8;

    /** One query's settled answer: steps {@code first, first + step, ..., last}. */
    record Entry(long version, long first, long last, List<SeriesData> series, long bytes) {}

    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    RangeCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the results cache size must be >= 0 bytes; got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    static String key(String query, long startMillis, long stepMillis) {
        return stepMillis + "/" + Math.floorMod(startMillis, stepMillis) + "/" + query;
    }

    /** The entry for {@code key} computed at {@code version}; entries of other versions are dropped. */
    synchronized @Nullable Entry get(String key, long version) {
        Entry e = entries.get(key);
        if (e != null && e.version() != version) {
            entries.remove(key);
            bytes -= e.bytes();
            e = null;
        }
        if (e == null) {
            misses.incrementAndGet();
        } else {
            hits.incrementAndGet();
        }
        return e;
    }

    synchronized void put(String key, long version, long first, long last, List<SeriesData> series) {
        long size = 64L + key.length();
        for (SeriesData s : series) {
            size += 64L + 16L * s.size() + 48L * s.labels().size();
        }
        if (size > maxBytes / MAX_ENTRY_SHARE) {
            return;
        }
        Entry previous = entries.put(key, new Entry(version, first, last, series, size));
        if (previous != null) {
            bytes -= previous.bytes();
        }
        bytes += size;
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().bytes();
            it.remove();
        }
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    synchronized long bytes() {
        return bytes;
    }

    /** The points of {@code series} at {@code [from, to]}; series left without any are dropped. */
    static List<SeriesData> slice(List<SeriesData> series, long from, long to) {
        List<SeriesData> out = new ArrayList<>(series.size());
        for (SeriesData s : series) {
            long[] ts = s.timestamps();
            int a = Evaluator.lastAtOrBefore(ts, from - 1) + 1;
            int b = Evaluator.lastAtOrBefore(ts, to) + 1;
            if (b > a) {
                out.add(
                        a == 0 && b == ts.length
                                ? s
                                : new SeriesData(
                                        s.labels(),
                                        Arrays.copyOfRange(ts, a, b),
                                        Arrays.copyOfRange(s.values(), a, b)));
            }
        }
        return out;
    }

    /** The series of an earlier and a later part of one answer joined, sorted by labels. */
    static List<SeriesData> join(List<SeriesData> earlier, List<SeriesData> later) {
        Map<Labels, SeriesData> byLabels = new LinkedHashMap<>();
        for (SeriesData s : earlier) {
            byLabels.put(s.labels(), s);
        }
        for (SeriesData s : later) {
            SeriesData e = byLabels.get(s.labels());
            if (e == null) {
                byLabels.put(s.labels(), s);
            } else {
                long[] ts = Arrays.copyOf(e.timestamps(), e.size() + s.size());
                double[] vs = Arrays.copyOf(e.values(), e.size() + s.size());
                System.arraycopy(s.timestamps(), 0, ts, e.size(), s.size());
                System.arraycopy(s.values(), 0, vs, e.size(), s.size());
                byLabels.put(s.labels(), new SeriesData(s.labels(), ts, vs));
            }
        }
        List<SeriesData> out = new ArrayList<>(byLabels.values());
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return out;
    }
}
