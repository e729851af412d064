package io.triad.search.index;

import java.time.LocalDate;
import java.util.Set;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.jspecify.annotations.Nullable;

/**
 * The state of one daily partition of a {@link LogIndex}: its directory, its writer while it receives data, its
 * current reader, and the journal position of its last commit.
 *
 * <p>NOTE: not thread safe; {@link LogIndex} guards every access with its lock.
 */
final class Partition {
    final LocalDate day;
    final Directory directory;

    @Nullable
    IndexWriter writer;
    /** The partition's own reference to its current reader; null while the partition holds no index yet. */
    @Nullable
    DirectoryReader reader;
    /** The journal position recorded by the last commit, 0 when none. */
    long commitPosition;
    /**
     * Dynamic field names indexed in this partition; null until loaded from the index. Concurrent: the index workers
     * add names in parallel, so the cap may be passed by a name or two per worker.
     */
    @Nullable
    Set<String> dynamicFields;
    /** Whether documents were added since the last commit. */
    boolean dirty;

    long lastWriteNanos;

    Partition(LocalDate day, Directory directory) {
        this.day = day;
        this.directory = directory;
    }

    Set<String> dynamicFields() {
        Set<String> d = dynamicFields;
        if (d == null) {
            d = java.util.concurrent.ConcurrentHashMap.newKeySet(); // index workers add names concurrently
            dynamicFields = d;
        }
        return d;
    }

    String name() {
        return day.toString();
    }
}
