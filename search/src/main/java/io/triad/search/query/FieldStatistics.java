package io.triad.search.query;

import io.triad.collector.model.Severity;
import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * The top values of keyword fields among matching events ({@link FieldStats}): the {@link LogSchema#FACETS} and the
 * {@value #MAX_DYNAMIC_FIELDS} dynamic fields held by most events, counted by {@link FacetCollectorManager}.
 *
 * <p>NOTE: thread safe; each call acquires its own searcher from the index and releases it.
 */
final class FieldStatistics {

    /** Dynamic fields whose top values are reported, besides {@link LogSchema#FACETS}. */
    static final int MAX_DYNAMIC_FIELDS = 20;

    private final LogIndex index;
    private final QueryCostCheck parser;

    FieldStatistics(LogIndex index, QueryCostCheck parser) {
        this.index = Objects.requireNonNull(index, "index");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * The top {@code topN} values of each keyword field with doc values ({@link LogSchema#FACETS} and the {@value
     * #MAX_DYNAMIC_FIELDS} dynamic fields held by most events) among events matching the query in {@code [from,
     * to]}. Severities are reported by name.
     */
    FieldStats fields(String q, long from, long to, int topN) throws IOException {
        if (topN < 1) {
            throw new IllegalArgumentException("topN must be >= 1; got: " + topN);
        }
        IndexSearcher searcher = index.acquire();
        try {
            Query query = TimeQueries.filtered(parser.parse(q, searcher), from, to);
            List<String> fieldNames = new ArrayList<>(LogSchema.FACETS);
            fieldNames.addAll(topDynamicFields(searcher));
            FacetCollectorManager manager = new FacetCollectorManager(fieldNames);
            FacetCollectorManager.FacetCounts counts = searcher.search(query, manager);
            Map<String, List<FieldStats.ValueCount>> out = new LinkedHashMap<>();
            for (String f : fieldNames) {
                Map<String, Long> values = counts.values.get(f);
                if (values == null || values.isEmpty()) {
                    continue;
                }
                List<Map.Entry<String, Long>> entries = new ArrayList<>(values.entrySet());
                entries.sort((a, b) -> b.getValue().equals(a.getValue())
                        ? a.getKey().compareTo(b.getKey())
                        : Long.compare(b.getValue(), a.getValue()));
                List<FieldStats.ValueCount> top = new ArrayList<>();
                for (Map.Entry<String, Long> e : entries.subList(0, Math.min(topN, entries.size()))) {
                    String v = f.equals(LogSchema.SEVERITY) ? Severity.name(Integer.parseInt(e.getKey())) : e.getKey();
                    top.add(new FieldStats.ValueCount(v, e.getValue()));
                }
                out.put(f, top);
            }
            return new FieldStats(counts.matched, out);
        } finally {
            index.release(searcher);
        }
    }

    private static List<String> topDynamicFields(IndexSearcher searcher) throws IOException {
        Map<String, Long> docCounts = new HashMap<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            for (FieldInfo fi : reader.getFieldInfos()) {
                if ((fi.name.startsWith(LogSchema.FIELDS_PREFIX) || fi.name.startsWith(LogSchema.CORRELATION_PREFIX))
                        && !fi.name.equals(LogSchema.FIELDS_OVERFLOW)
                        && fi.getDocValuesType() == org.apache.lucene.index.DocValuesType.SORTED_SET) {
                    Terms terms = reader.terms(fi.name);
                    docCounts.merge(fi.name, terms == null ? 0L : terms.getDocCount(), Long::sum);
                }
            }
        }
        List<Map.Entry<String, Long>> entries = new ArrayList<>(docCounts.entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(MAX_DYNAMIC_FIELDS, entries.size()))) {
            names.add(e.getKey());
        }
        return names;
    }
}
