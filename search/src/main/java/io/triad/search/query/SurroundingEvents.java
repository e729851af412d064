package io.triad.search.query;

import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import io.triad.search.index.IndexedEvents;
import io.triad.search.index.LogIndex;
import io.triad.search.index.LogSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Finds an event by id and the events just before and after it in time, within the same host (and optionally the
 * same app and process).
 *
 * <p>NOTE: thread safe; each call acquires its own searchers from the index and releases them.
 */
final class SurroundingEvents {

    private final LogIndex index;
    private final QueryLimits limits;

    SurroundingEvents(LogIndex index, QueryLimits limits) {
        this.index = Objects.requireNonNull(index, "index");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The event with that id, if the index holds it. */
    Optional<LogEvent> get(EventId id) throws IOException {
        IndexSearcher searcher = index.acquire();
        try {
            ScoreDoc[] docs = searcher.search(LogSchema.idQuery(id), 1).scoreDocs;
            return docs.length == 0
                    ? Optional.empty()
                    : Optional.of(IndexedEvents.load(searcher, searcher.storedFields(), docs[0].doc));
        } finally {
            index.release(searcher);
        }
    }

    /**
     * The events just before and after an event in time within a scope, oldest first, with the event itself
     * between them; empty when the index does not hold the event.
     */
    List<LogEvent> surrounding(EventId id, int before, int after, Scope scope) throws IOException {
        if (before < 0 || after < 0 || before > limits.maxHits() || after > limits.maxHits()) {
            throw new IllegalArgumentException(
                    "before and after must be within 0.." + limits.maxHits() + "; got: " + before + ", " + after);
        }
        Optional<LogEvent> found = get(id);
        if (found.isEmpty()) {
            return List.of();
        }
        LogEvent e = found.get();
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(new TermQuery(new Term(LogSchema.HOST, e.host())), BooleanClause.Occur.FILTER);
        if (scope == Scope.HOST_APP_PROC) {
            if (!e.app().isEmpty()) {
                b.add(new TermQuery(new Term(LogSchema.APP, e.app())), BooleanClause.Occur.FILTER);
            }
            if (!e.procId().isEmpty()) {
                b.add(new TermQuery(new Term(LogSchema.PROC_ID, e.procId())), BooleanClause.Occur.FILTER);
            }
        }
        Query query = e.host().isEmpty() ? new org.apache.lucene.search.MatchAllDocsQuery() : b.build();
        FieldDoc self =
                Cursor.after(e.timestamp(), e.site().isEmpty() ? null : new BytesRef(e.site()), e.id().originSeq());
        IndexSearcher searcher = index.acquire();
        try {
            List<LogEvent> out = new ArrayList<>(before + after + 1);
            if (before > 0) {
                TopFieldDocs older =
                        searcher.search(query, new TopFieldCollectorManager(TimeQueries.sort(true), before, self, 1));
                for (ScoreDoc d : older.scoreDocs) {
                    out.add(IndexedEvents.load(searcher, searcher.storedFields(), d.doc));
                }
                Collections.reverse(out);
            }
            out.add(e);
            if (after > 0) {
                TopFieldDocs newer =
                        searcher.search(query, new TopFieldCollectorManager(TimeQueries.sort(false), after, self, 1));
                for (ScoreDoc d : newer.scoreDocs) {
                    out.add(IndexedEvents.load(searcher, searcher.storedFields(), d.doc));
                }
            }
            return out;
        } finally {
            index.release(searcher);
        }
    }
}
