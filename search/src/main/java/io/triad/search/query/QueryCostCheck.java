package io.triad.search.query;

import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/**
 * Parses a query in the search syntax and holds it to the {@link QueryLimits}: at most {@link
 * QueryLimits#maxClauses()} boolean clauses in all, and no wildcard, prefix, regexp, fuzzy or range query expanding to more
 * than {@link QueryLimits#maxExpansions()} distinct terms of the current index.
 *
 * <p>NOTE: thread safe; it holds only the limits and the clock.
 */
final class QueryCostCheck {

    private final QueryLimits limits;
    private final Clock clock;

    QueryCostCheck(QueryLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The parsed query, checked against the index of {@code searcher}.
     *
     * @throws QueryException when the query does not parse (the message has the position)
     * @throws QueryCostException when it is over a cost limit
     */
    Query parse(String q, IndexSearcher searcher) throws IOException {
        Query query = new LogQueryParser(limits, clock).parseQuery(q);
        int[] clauses = {0};
        checkCost(query, searcher, clauses);
        return query;
    }

    private void checkCost(Query q, IndexSearcher searcher, int[] clauses) throws IOException {
        if (q instanceof BooleanQuery bq) {
            clauses[0] += bq.clauses().size();
            if (clauses[0] > limits.maxClauses()) {
                throw new QueryCostException(
                        "query has more than " + limits.maxClauses() + " boolean clauses (the configured maximum)");
            }
            for (BooleanClause c : bq.clauses()) {
                checkCost(c.query(), searcher, clauses);
            }
        } else if (q instanceof BoostQuery bq) {
            checkCost(bq.getQuery(), searcher, clauses);
        } else if (q instanceof ConstantScoreQuery cq) {
            checkCost(cq.getQuery(), searcher, clauses);
        } else if (q instanceof MultiTermQuery mtq) {
            checkExpansion(mtq, searcher);
        }
    }

    private void checkExpansion(MultiTermQuery q, IndexSearcher searcher) throws IOException {
        Set<BytesRef> distinct = new HashSet<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(q.getField());
            if (terms == null) {
                continue;
            }
            TermsEnum te = q.getTermsEnum(terms);
            for (BytesRef t = te.next(); t != null; t = te.next()) {
                if (distinct.add(BytesRef.deepCopyOf(t)) && distinct.size() > limits.maxExpansions()) {
                    throw new QueryCostException(kind(q) + " '" + q.toString(LogSchema.MESSAGE)
                            + "' expands to more than " + limits.maxExpansions() + " terms");
                }
            }
        }
    }

    private static String kind(MultiTermQuery q) {
        String name = q.getClass().getSimpleName();
        return name.endsWith("Query") ? name.substring(0, name.length() - 5).toLowerCase(java.util.Locale.ROOT) : name;
    }
}
