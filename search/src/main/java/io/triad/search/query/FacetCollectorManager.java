package io.triad.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.BytesRef;

/** Counts keyword values of matching documents by doc-value ordinals, resolving ordinals once per segment. */
final class FacetCollectorManager implements CollectorManager<Collector, FacetCollectorManager.FacetCounts> {
    private final List<String> fields;
    private final List<FacetCounts> parts = Collections.synchronizedList(new ArrayList<>());

    FacetCollectorManager(List<String> fields) {
        this.fields = fields;
    }

    @Override
    public Collector newCollector() {
        FacetCounts counts = new FacetCounts();
        parts.add(counts);
        return new Collector() {
            @Override
            public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                return new SegmentCounter(context.reader(), fields, counts);
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        };
    }

    @Override
    public FacetCounts reduce(Collection<Collector> collectors) {
        FacetCounts total = new FacetCounts();
        synchronized (parts) {
            for (FacetCounts p : parts) {
                total.merge(p);
            }
        }
        return total;
    }

    /** Value counts per field and the number of matching documents. */
    static final class FacetCounts {
        final Map<String, Map<String, Long>> values = new HashMap<>();
        long matched;

        void merge(FacetCounts o) {
            matched += o.matched;
            o.values.forEach((f, m) -> {
                Map<String, Long> mine = values.computeIfAbsent(f, k -> new HashMap<>());
                m.forEach((v, c) -> mine.merge(v, c, Long::sum));
            });
        }
    }

    /**
     * Counts the ordinals of one segment's keyword doc values per matching document, and on {@link #finish()} adds
     * them to the collector's counts by value.
     */
    private static final class SegmentCounter implements LeafCollector {
        private final List<String> fields;
        private final FacetCounts counts;
        private final SortedDocValues[] single;
        private final SortedSetDocValues[] multi;
        private final int[][] ordCounts;

        SegmentCounter(LeafReader reader, List<String> fields, FacetCounts counts) throws IOException {
            this.fields = fields;
            this.counts = counts;
            int n = fields.size();
            single = new SortedDocValues[n];
            multi = new SortedSetDocValues[n];
            ordCounts = new int[n][];
            for (int i = 0; i < n; i++) {
                String f = fields.get(i);
                FieldInfo fi = reader.getFieldInfos().fieldInfo(f);
                if (fi == null) {
                    continue;
                }
                switch (fi.getDocValuesType()) {
                    case SORTED -> {
                        single[i] = reader.getSortedDocValues(f);
                        ordCounts[i] = new int[single[i].getValueCount()];
                    }
                    case SORTED_SET -> {
                        multi[i] = reader.getSortedSetDocValues(f);
                        ordCounts[i] = new int[Math.toIntExact(multi[i].getValueCount())];
                    }
                    default -> {}
                }
            }
        }

        @Override
        public void setScorer(Scorable scorer) {}

        @Override
        public void collect(int doc) throws IOException {
            counts.matched++;
            for (int i = 0; i < single.length; i++) {
                SortedDocValues s = single[i];
                if (s != null) {
                    if (s.advanceExact(doc)) {
                        ordCounts[i][s.ordValue()]++;
                    }
                    continue;
                }
                SortedSetDocValues m = multi[i];
                if (m != null && m.advanceExact(doc)) {
                    for (int k = 0, c = m.docValueCount(); k < c; k++) {
                        ordCounts[i][(int) m.nextOrd()]++;
                    }
                }
            }
        }

        @Override
        public void finish() throws IOException {
            for (int i = 0; i < single.length; i++) {
                int[] oc = ordCounts[i];
                if (oc == null) {
                    continue;
                }
                Map<String, Long> values = counts.values.computeIfAbsent(fields.get(i), k -> new HashMap<>());
                for (int ord = 0; ord < oc.length; ord++) {
                    if (oc[ord] == 0) {
                        continue;
                    }
                    BytesRef term = single[i] != null
                            ? single[i].lookupOrd(ord)
                            : Objects.requireNonNull(multi[i]).lookupOrd(ord);
                    values.merge(term.utf8ToString(), (long) oc[ord], Long::sum);
                }
            }
        }
    }
}
