package io.triad.search.query;

import io.triad.search.index.LogAnalyzer;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.ByteRunAutomaton;

/**
 * Finds the spans of a message that a query matched: the message is analysed as at indexing time and every token
 * equal to a positive term of the query on {@code message} (or accepted by one of its wildcard, prefix, regexp or
 * fuzzy automata) is a span. Overlapping spans are merged.
 *
 * <p>NOTE: immutable and thread safe once built.
 */
final class MessageHighlighter {

    private static final LogAnalyzer ANALYZER = LogAnalyzer.forIndexing();

    private final Set<BytesRef> terms = new HashSet<>();
    private final List<ByteRunAutomaton> automata = new ArrayList<>();

    MessageHighlighter(Query query) {
        query.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                return field.equals(LogSchema.MESSAGE);
            }

            @Override
            public void consumeTerms(Query q, Term... ts) {
                for (Term t : ts) {
                    terms.add(BytesRef.deepCopyOf(t.bytes()));
                }
            }

            @Override
            public void consumeTermsMatching(Query q, String field, Supplier<ByteRunAutomaton> automaton) {
                automata.add(automaton.get());
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return occur == BooleanClause.Occur.MUST_NOT ? QueryVisitor.EMPTY_VISITOR : this;
            }
        });
    }

    boolean isEmpty() {
        return terms.isEmpty() && automata.isEmpty();
    }

    List<SearchResult.Span> spans(String message) {
        if (isEmpty() || message.isEmpty()) {
            return List.of();
        }
        List<int[]> found = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream(LogSchema.MESSAGE, message)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
            ts.reset();
            BytesRef bytes = new BytesRef();
            while (ts.incrementToken()) {
                bytes = new BytesRef(term);
                if (matches(bytes)) {
                    found.add(new int[] {offset.startOffset(), offset.endOffset()});
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        found.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        List<SearchResult.Span> spans = new ArrayList<>();
        int start = -1;
        int end = -1;
        for (int[] f : found) {
            if (f[0] <= end) {
                end = Math.max(end, f[1]);
            } else {
                if (start >= 0) {
                    spans.add(new SearchResult.Span(start, end));
                }
                start = f[0];
                end = f[1];
            }
        }
        if (start >= 0) {
            spans.add(new SearchResult.Span(start, end));
        }
        return spans;
    }

    private boolean matches(BytesRef bytes) {
        if (terms.contains(bytes)) {
            return true;
        }
        for (ByteRunAutomaton a : automata) {
            if (a.run(bytes.bytes, bytes.offset, bytes.length)) {
                return true;
            }
        }
        return false;
    }
}
