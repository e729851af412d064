package io.triad.search.index;

import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/**
 * Reads events back from the index: the {@link StoredEvent} in {@link LogSchema#SOURCE} completed with the values
 * kept only as doc values.
 *
 * <p>NOTE: stateless and thread safe.
 */
public final class IndexedEvents {
    private IndexedEvents() {}

    /**
     * The event of a top-level document of the searcher: its stored source completed with what the doc values hold.
     *
     * @throws IOException when the index cannot be read or the document is not an event
     */
    public static LogEvent load(IndexSearcher searcher, StoredFields stored, int doc) throws IOException {
        BytesRef source = stored.document(doc, Set.of(LogSchema.SOURCE)).getBinaryValue(LogSchema.SOURCE);
        if (source == null) {
            throw new IOException("document " + doc + " has no stored field " + LogSchema.SOURCE);
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        int local = doc - leaf.docBase;
        LogEvent.Builder indexed = LogEvent.builder()
                .timestamp(docValue(leaf, LogSchema.TIMESTAMP, local))
                .site(facet(leaf, LogSchema.SITE, local))
                .input(facet(leaf, LogSchema.INPUT, local))
                .host(facet(leaf, LogSchema.HOST, local))
                .component(facet(leaf, LogSchema.COMPONENT, local))
                .layer(facet(leaf, LogSchema.LAYER, local))
                .app(facet(leaf, LogSchema.APP, local))
                .severity(Integer.parseInt(facet(leaf, LogSchema.SEVERITY, local)));
        String facility = facet(leaf, LogSchema.FACILITY, local);
        indexed.facility(facility.isEmpty() ? -1 : Integer.parseInt(facility));
        return StoredEvent.decode(source, docValue(leaf, LogSchema.SEQ, local), indexed);
    }

    static long docValue(LeafReaderContext leaf, String field, int doc) throws IOException {
        NumericDocValues values = DocValues.getNumeric(leaf.reader(), field);
        if (!values.advanceExact(doc)) {
            throw new IOException("document " + (leaf.docBase + doc) + " has no doc value " + field);
        }
        return values.longValue();
    }

    /** A keyword facet's value from its sorted doc values; empty when the event had none. */
    public static String facet(LeafReaderContext leaf, String field, int doc) throws IOException {
        SortedDocValues values = DocValues.getSorted(leaf.reader(), field);
        return values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : "";
    }
}
