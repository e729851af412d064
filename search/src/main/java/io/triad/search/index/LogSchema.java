package io.triad.search.index;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The index schema: field names and how a {@link LogEvent} becomes a Lucene document.
 *
 * <ul>
 *   <li>Keyword fields ({@link #KEYWORDS}) are indexed as one untokenized term with {@link IndexOptions#DOCS} and
 *       no norms; those in {@link #FACETS} also get {@link SortedDocValuesField}s for top values and sorting.
 *   <li>The id is the {@link #SITE} term and {@link #SEQ} (a point and doc values).
 *   <li>{@link #TIMESTAMP} (microseconds) is a {@link LongPoint} and a {@link NumericDocValuesField} of the same
 *       name, so range filters use the points and sorting by time can skip non-competitive documents.
 *   <li>{@link #MESSAGE} is analysed by {@link LogAnalyzer} with positions (for phrases), without norms.
 *   <li>Dynamic fields become keyword fields {@code fields.<lowercased name>} with {@link SortedSetDocValuesField}s,
 *       at most {@code maxDynamicFields} names per partition; values of further names go to {@link
 *       #FIELDS_OVERFLOW} as {@code name=value}. Correlation keys become {@code correlation.<name>} likewise.
 *   <li>The whole event is stored once, in {@link #SOURCE}, by {@link StoredEvent}; no other field is stored.
 * </ul>
 *
 * Keyword values longer than {@link IndexWriter#MAX_TERM_LENGTH} UTF-8 bytes are truncated, never rejected.
 *
 * <p>NOTE: stateless and thread safe.
 */
public final class LogSchema {

    /** The query-syntax name of the event id ({@code id:site-a:42}); see {@link #idQuery}. */
    public static final String ID = "id";

    public static final String SEQ = "seq";
    public static final String TIMESTAMP = "timestamp";
    public static final String SITE = "site";
    public static final String HOST = "host";
    public static final String COMPONENT = "component";
    public static final String LAYER = "layer";
    public static final String SEVERITY = "severity";
    public static final String APP = "app";
    public static final String FACILITY = "facility";
    public static final String INPUT = "input";
    public static final String PROC_ID = "procId";
    public static final String MSG_ID = "msgId";
    public static final String SOURCE_ADDRESS = "source";
    public static final String MESSAGE = "message";
    public static final String SOURCE = "_source";
    /** Prefix of dynamic fields. */
    public static final String FIELDS_PREFIX = "fields.";
    /** The overflow field of dynamic fields beyond the per-partition cap, holding {@code name=value} terms. */
    public static final String FIELDS_OVERFLOW = "fields._overflow";
    /** Prefix of correlation keys. */
    public static final String CORRELATION_PREFIX = "correlation.";

    /** Single-valued keyword fields with doc values: top values, sorting. */
    public static final List<String> FACETS = List.of(SITE, HOST, COMPONENT, LAYER, SEVERITY, APP, FACILITY, INPUT);

    /** Every fixed keyword field (untokenized, exact terms). */
    public static final Set<String> KEYWORDS =
            Set.of(SITE, HOST, COMPONENT, LAYER, SEVERITY, APP, FACILITY, INPUT, PROC_ID, MSG_ID, SOURCE_ADDRESS);

    static final FieldType KEYWORD_TYPE = new FieldType();
    static final FieldType MESSAGE_TYPE = new FieldType();

    static {
        KEYWORD_TYPE.setIndexOptions(IndexOptions.DOCS);
        KEYWORD_TYPE.setTokenized(false);
        KEYWORD_TYPE.setOmitNorms(true);
        KEYWORD_TYPE.freeze();
        MESSAGE_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        MESSAGE_TYPE.setTokenized(true);
        MESSAGE_TYPE.setOmitNorms(true);
        MESSAGE_TYPE.freeze();
    }

    private LogSchema() {}

    /**
     * The query for one event by its id: the site term and the sequence doc values with their skip index ({@code id} is not indexed as a term
     * of its own, which would cost a unique term per event).
     */
    public static Query idQuery(EventId id) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SITE, id.originSite())), BooleanClause.Occur.FILTER)
                .add(NumericDocValuesField.newSlowExactQuery(SEQ, id.originSeq()), BooleanClause.Occur.FILTER)
                .build();
    }

    /** Whether a field name is a keyword field (fixed, dynamic, overflow or correlation). */
    public static boolean isKeyword(String field) {
        return KEYWORDS.contains(field) || field.startsWith(FIELDS_PREFIX) || field.startsWith(CORRELATION_PREFIX);
    }

    /** The index field of a dynamic field name: {@code fields.} and the name lowercased. */
    public static String dynamicField(String name) {
        return FIELDS_PREFIX + name.toLowerCase(Locale.ROOT);
    }

    /**
     * Builds the document of an event.
     *
     * @param dynamicFields the dynamic field names of the target partition; names added here when the cap allows
     * @param maxDynamicFields the cap on {@code dynamicFields}
     */
    static Document document(LogEvent e, Set<String> dynamicFields, int maxDynamicFields) {
        Document doc = new Document();
        // doc values with a skip index: sequences rise with the doc id within a segment, so an exact lookup skips
        // whole blocks; cheaper on disk than a point per event
        doc.add(NumericDocValuesField.indexedField(SEQ, e.id().originSeq()));
        doc.add(new LongPoint(TIMESTAMP, e.timestamp()));
        doc.add(new NumericDocValuesField(TIMESTAMP, e.timestamp()));
        facet(doc, SITE, e.site());
        facet(doc, HOST, e.host());
        facet(doc, COMPONENT, e.component());
        facet(doc, LAYER, e.layer());
        facet(doc, SEVERITY, Integer.toString(e.severity()));
        facet(doc, APP, e.app());
        if (e.facility() >= 0) {
            facet(doc, FACILITY, Integer.toString(e.facility()));
        }
        facet(doc, INPUT, e.input());
        keyword(doc, PROC_ID, e.procId());
        keyword(doc, MSG_ID, e.msgId());
        keyword(doc, SOURCE_ADDRESS, e.source());
        if (!e.message().isEmpty()) {
            doc.add(new Field(MESSAGE, e.message(), MESSAGE_TYPE));
        }
        for (Map.Entry<String, String> f : e.fields().entrySet()) {
            String field = dynamicField(f.getKey());
            if (field.equals(FIELDS_OVERFLOW)) {
                keyword(doc, FIELDS_OVERFLOW, f.getKey() + "=" + f.getValue());
            } else if (dynamicFields.contains(field)
                    || (dynamicFields.size() < maxDynamicFields && dynamicFields.add(field))) {
                multiValued(doc, field, f.getValue());
            } else {
                keyword(doc, FIELDS_OVERFLOW, f.getKey() + "=" + f.getValue());
            }
        }
        for (Map.Entry<String, List<String>> c : e.correlation().entrySet()) {
            String field = CORRELATION_PREFIX + c.getKey().toLowerCase(Locale.ROOT);
            for (String v : c.getValue()) {
                multiValued(doc, field, v);
            }
        }
        doc.add(new StoredField(SOURCE, StoredEvent.encode(e)));
        return doc;
    }

    /**
     * The searchable fields of an event as {@link #document} indexes them, without the stored source and the
     * sequence: for matching one event against a query in memory.
     */
    public static Document matchable(LogEvent e) {
        Document doc = document(e, new java.util.HashSet<>(), Integer.MAX_VALUE);
        doc.removeFields(SOURCE);
        doc.removeFields(SEQ);
        return doc;
    }

    private static void keyword(Document doc, String name, String value) {
        if (!value.isEmpty()) {
            doc.add(new Field(name, term(value), KEYWORD_TYPE));
        }
    }

    private static void facet(Document doc, String name, String value) {
        if (!value.isEmpty()) {
            BytesRef term = term(value);
            doc.add(new Field(name, term, KEYWORD_TYPE));
            doc.add(new SortedDocValuesField(name, term));
        }
    }

    private static void multiValued(Document doc, String name, String value) {
        BytesRef term = term(value);
        doc.add(new Field(name, term, KEYWORD_TYPE));
        doc.add(new SortedSetDocValuesField(name, term));
    }

    /**
     * The UTF-8 term of a keyword value, cut at a character boundary to at most {@link IndexWriter#MAX_TERM_LENGTH}
     * bytes.
     */
    static BytesRef term(String value) {
        BytesRef b = new BytesRef(value);
        if (b.length <= IndexWriter.MAX_TERM_LENGTH) {
            return b;
        }
        int end = IndexWriter.MAX_TERM_LENGTH;
        while (end > 0 && (b.bytes[b.offset + end] & 0xC0) == 0x80) {
            end--; // do not cut inside a UTF-8 sequence
        }
        return new BytesRef(b.bytes, b.offset, end);
    }
}
