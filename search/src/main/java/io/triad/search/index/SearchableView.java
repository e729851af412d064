package io.triad.search.index;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ReferenceManager;
import org.apache.lucene.util.IOSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The reference-counted searchable view of a {@link LogIndex}: an {@link IndexSearcher} over a {@link MultiReader} of
 * every partition's current reader, replaced on refresh when any partition's reader changed.
 *
 * <p>NOTE: thread safe (a {@link ReferenceManager}). The readers come from the source, which is called on every
 * refresh (and once on construction) and returns the partitions' current readers; the view's {@link MultiReader}
 * references them without closing them.
 */
final class SearchableView extends ReferenceManager<IndexSearcher> {
    private final IOSupplier<IndexReader[]> source;
    private List<IndexReader> readers;

    SearchableView(IOSupplier<IndexReader[]> source) throws IOException {
        this.source = Objects.requireNonNull(source, "source");
        IndexReader[] r = source.get();
        readers = List.of(r);
        current = newSearcher(r);
    }

    private static IndexSearcher newSearcher(IndexReader[] subReaders) throws IOException {
        return new IndexSearcher(new MultiReader(subReaders, false));
    }

    @Override
    protected void decRef(IndexSearcher reference) throws IOException {
        reference.getIndexReader().decRef();
    }

    @Override
    protected @Nullable IndexSearcher refreshIfNeeded(IndexSearcher referenceToRefresh) throws IOException {
        IndexReader[] r = source.get();
        List<IndexReader> next = List.of(r);
        if (next.equals(readers)) {
            return null;
        }
        readers = next;
        return newSearcher(r);
    }

    @Override
    protected boolean tryIncRef(IndexSearcher reference) {
        return reference.getIndexReader().tryIncRef();
    }

    @Override
    protected int getRefCount(IndexSearcher reference) {
        return reference.getIndexReader().getRefCount();
    }
}
