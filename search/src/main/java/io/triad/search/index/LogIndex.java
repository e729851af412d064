package io.triad.search.index;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.LogEvent;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.jspecify.annotations.Nullable;

/**
 * The Lucene index of log events, split into daily partitions ({@code index/<yyyy-mm-dd>/}, by the UTC day of the
 * event time), with a near-real-time searchable view over all of them.
 *
 * <p>Writing: {@link #add} indexes journal records into their partitions (opening at most {@link
 * IndexConfig#maxOpenWriters()} writers; the least recently written one is committed and closed when another
 * partition needs one). {@link #commit} commits every written partition with the journal position in its commit
 * user data ({@value #POSITION_KEY}) and then writes {@code checkpoint} atomically. Replay is exactly-once: a record
 * is skipped when its partition's last commit already covers its position. Records of days older than the
 * retention are skipped.
 *
 * <p>Reading: {@link #acquire()} returns a searcher over every partition (a {@link MultiReader} of near-real-time
 * readers); {@link #release} must be called after use. {@link #maybeRefresh()} makes added documents searchable,
 * at most once per {@link IndexConfig#refreshInterval()}.
 *
 * <p>NOTE: thread safe. Writes and refreshes are serialized by one lock; searches run concurrently with them. A
 * failed write leaves the index unusable for writing (Lucene's writer closes itself on a tragic error) and is thrown
 * to the caller. {@link #close()} does not commit: call {@link #commit} first.
 */
public final class LogIndex implements AutoCloseable {

    /** The commit user data key holding the journal position a partition's commit covers. */
    public static final String POSITION_KEY = "journal.position";

    private static final long IDLE_WRITER_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final @Nullable Path root;
    private final IndexConfig config;
    private final Clock clock;
    private final TreeMap<LocalDate, Partition> partitions = new TreeMap<>();
    private final IndexWorkers workers;
    private final SearchableView view;
    private long checkpoint;
    private long lastProcessed;
    private boolean changedSinceRefresh;
    private long lastRefreshNanos;
    private boolean closed;

    private LogIndex(@Nullable Path root, IndexConfig config, Clock clock) throws IOException {
        this.root = root;
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (root != null) {
            Files.createDirectories(root);
            checkpoint = IndexCheckpoint.read(root);
            try (Stream<Path> dirs = Files.list(root)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    LocalDate day;
                    try {
                        day = LocalDate.parse(d.getFileName().toString());
                    } catch (DateTimeParseException e) {
                        continue; // not a partition
                    }
                    Partition p = new Partition(day, FSDirectory.open(d));
                    partitions.put(day, p);
                    if (DirectoryReader.indexExists(p.directory)) {
                        p.reader = DirectoryReader.open(p.directory);
                        p.commitPosition = positionOf(p.reader.getIndexCommit().getUserData());
                    }
                }
            }
        }
        lastProcessed = checkpoint;
        workers = new IndexWorkers(config.indexThreads(), config.maxDynamicFields());
        view = new SearchableView(this::currentReaders);
    }

    /** Opens (or creates) the index in {@code directory}. */
    public static LogIndex open(Path directory, IndexConfig config, Clock clock) throws IOException {
        return new LogIndex(directory, config, clock);
    }

    /** An index held in memory ({@link ByteBuffersDirectory} partitions), lost on close; for tests and tools. */
    public static LogIndex inMemory(IndexConfig config, Clock clock) {
        try {
            return new LogIndex(null, config, clock);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory index cannot fail to open", e);
        }
    }

    public IndexConfig config() {
        return config;
    }

    /**
     * Indexes records (in position order) into their daily partitions. Records already covered by their partition's
     * last commit, and records of days older than the retention, are skipped.
     *
     * @return the number of documents added
     */
    public synchronized int add(List<JournalRecord> records) throws IOException {
        ensureOpen();
        LocalDate cutoff = retentionCutoff();
        // Decide sequentially (partition, replay skip, writer); build and add the documents in parallel. Work is
        // flushed before a further partition is opened, since opening one may close a writer (maxOpenWriters).
        List<IndexWriter> writers = new ArrayList<>();
        List<Partition> targets = new ArrayList<>();
        List<LogEvent> events = new ArrayList<>();
        java.util.Set<Partition> open = new java.util.HashSet<>();
        int added = 0;
        for (JournalRecord r : records) {
            LogEvent e = r.event();
            LocalDate day = dayOf(e.timestamp());
            lastProcessed = Math.max(lastProcessed, r.position());
            if (cutoff != null && day.isBefore(cutoff)) {
                continue;
            }
            Partition p = partition(day);
            if (p.commitPosition >= r.position()) {
                continue; // replay: this partition's last commit already holds it
            }
            if (!open.contains(p) && open.size() >= config.maxOpenWriters()) {
                added += workers.add(writers, targets, events);
                writers.clear();
                targets.clear();
                events.clear();
                open.clear();
            }
            open.add(p);
            writers.add(writer(p));
            targets.add(p);
            events.add(e);
            p.dirty = true;
        }
        added += workers.add(writers, targets, events);
        if (added > 0) {
            changedSinceRefresh = true;
        }
        return added;
    }

    /**
     * Commits every partition written since its last commit, recording the journal position (or the last position
     * {@link #add} saw, if later), then writes the checkpoint. Writers idle for ten minutes are closed.
     */
    public synchronized void commit(long journalPosition) throws IOException {
        ensureOpen();
        long covered = Math.max(journalPosition, lastProcessed);
        long now = System.nanoTime();
        for (Partition p : partitions.values()) {
            IndexWriter w = p.writer;
            if (w == null) {
                continue;
            }
            if (p.dirty) {
                commitPartition(p, w, covered);
            }
            if (now - p.lastWriteNanos > IDLE_WRITER_NANOS) {
                closeWriter(p);
            }
        }
        if (journalPosition > checkpoint) {
            checkpoint = journalPosition;
            writeCheckpoint(journalPosition);
        }
    }

    /** The journal position of the last {@link #commit} (the checkpoint), 0 when none. */
    public synchronized long committedPosition() {
        return checkpoint;
    }

    /** The last journal position {@link #add} processed. */
    public synchronized long lastProcessedPosition() {
        return lastProcessed;
    }

    /**
     * Refreshes the searchable view when documents were added and the refresh interval has passed since the last
     * refresh.
     *
     * @return whether it refreshed
     */
    public boolean maybeRefresh() throws IOException {
        synchronized (this) {
            if (!changedSinceRefresh
                    || System.nanoTime() - lastRefreshNanos
                            < config.refreshInterval().toNanos()) {
                return false;
            }
        }
        view.maybeRefreshBlocking();
        return true;
    }

    /** Refreshes the searchable view now. */
    public void refresh() throws IOException {
        view.maybeRefreshBlocking();
    }

    /** A searcher over every partition; pass it to {@link #release} when done. */
    public IndexSearcher acquire() throws IOException {
        return view.acquire();
    }

    /** Releases a searcher from {@link #acquire()}. */
    public void release(IndexSearcher searcher) throws IOException {
        view.release(searcher);
    }

    /**
     * Deletes whole partitions older than {@link IndexConfig#retentionDays()} and then the oldest ones while the
     * index is larger than {@link IndexConfig#retentionBytes()} (the newest partition is always kept).
     *
     * @return the days deleted
     */
    public List<LocalDate> applyRetention() throws IOException {
        List<LocalDate> deleted = new ArrayList<>();
        synchronized (this) {
            ensureOpen();
            LocalDate cutoff = retentionCutoff();
            while (cutoff != null
                    && !partitions.isEmpty()
                    && partitions.firstKey().isBefore(cutoff)) {
                deleted.add(deletePartition(partitions.firstKey()));
            }
            if (config.retentionBytes() > 0) {
                while (partitions.size() > 1 && sizeBytes() > config.retentionBytes()) {
                    deleted.add(deletePartition(partitions.firstKey()));
                }
            }
        }
        if (!deleted.isEmpty()) {
            view.maybeRefreshBlocking();
        }
        return deleted;
    }

    /** Total bytes of every partition's files. */
    public synchronized long sizeBytes() {
        long total = 0;
        for (Partition p : partitions.values()) {
            total += sizeOf(p.directory);
        }
        return total;
    }

    /** The days that have a partition, oldest first. */
    public synchronized List<LocalDate> partitions() {
        return List.copyOf(partitions.keySet());
    }

    /** The journal position of each partition's last commit. */
    public synchronized Map<LocalDate, Long> partitionPositions() {
        Map<LocalDate, Long> m = new TreeMap<>();
        partitions.forEach((d, p) -> m.put(d, p.commitPosition));
        return m;
    }

    /** Closes writers (without committing), readers and directories. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        workers.close();
        List<Closeable> toClose = new ArrayList<>();
        toClose.add(view);
        synchronized (this) {
            for (Partition p : partitions.values()) {
                IndexWriter w = p.writer;
                if (w != null) {
                    toClose.add(w::rollback);
                }
                DirectoryReader r = p.reader;
                if (r != null) {
                    toClose.add(r::decRef);
                }
                toClose.add(p.directory);
            }
        }
        IOUtils.close(toClose);
    }

    static LocalDate dayOf(long micros) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)), ZoneOffset.UTC);
    }

    private @Nullable LocalDate retentionCutoff() {
        if (config.retentionDays() == 0) {
            return null;
        }
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(config.retentionDays());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the index is closed");
        }
    }

    private Partition partition(LocalDate day) throws IOException {
        Partition p = partitions.get(day);
        if (p == null) {
            Directory dir = root == null ? new ByteBuffersDirectory() : FSDirectory.open(root.resolve(day.toString()));
            p = new Partition(day, dir);
            partitions.put(day, p);
        }
        return p;
    }

    private IndexWriter writer(Partition p) throws IOException {
        p.lastWriteNanos = System.nanoTime();
        IndexWriter w = p.writer;
        if (w != null) {
            return w;
        }
        List<Partition> open = new ArrayList<>();
        for (Partition q : partitions.values()) {
            if (q.writer != null) {
                open.add(q);
            }
        }
        if (open.size() >= config.maxOpenWriters()) {
            open.sort(Comparator.comparingLong(q -> q.lastWriteNanos));
            for (int i = 0; i <= open.size() - config.maxOpenWriters(); i++) {
                Partition old = open.get(i);
                IndexWriter ow = Objects.requireNonNull(old.writer);
                if (old.dirty) {
                    commitPartition(old, ow, lastProcessed);
                }
                closeWriter(old);
            }
        }
        IndexWriterConfig iwc = new IndexWriterConfig(LogAnalyzer.forIndexing())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCodec(new Lucene104Codec(Lucene104Codec.Mode.BEST_COMPRESSION))
                .setRAMBufferSizeMB(config.ramBufferMb())
                .setUseCompoundFile(false)
                .setMergePolicy(mergePolicy())
                .setCommitOnClose(false);
        w = new IndexWriter(p.directory, iwc);
        if (p.dynamicFields == null) {
            var names = p.dynamicFields();
            for (String f : w.getFieldNames()) {
                if (f.startsWith(LogSchema.FIELDS_PREFIX) && !f.equals(LogSchema.FIELDS_OVERFLOW)) {
                    names.add(f);
                }
            }
        }
        p.writer = w;
        return w;
    }

    /**
     * Log partitions are append-only and written once: merging less often (more segments per tier, no compound
     * files) saves most of the indexing CPU that merges take, at the price of a few more segments per search.
     */
    private static TieredMergePolicy mergePolicy() {
        TieredMergePolicy tmp = new TieredMergePolicy();
        tmp.setSegmentsPerTier(20);
        tmp.setFloorSegmentMB(32);
        tmp.setNoCFSRatio(0.0);
        return tmp;
    }

    private void commitPartition(Partition p, IndexWriter w, long position) throws IOException {
        w.setLiveCommitData(Map.of(POSITION_KEY, Long.toString(position)).entrySet());
        w.commit();
        p.commitPosition = position;
        p.dirty = false;
    }

    /** Closes a committed partition's writer and moves its reader to one opened from the directory. */
    private void closeWriter(Partition p) throws IOException {
        IndexWriter w = Objects.requireNonNull(p.writer);
        p.writer = null;
        w.close();
        DirectoryReader old = p.reader;
        p.reader = DirectoryReader.indexExists(p.directory) ? DirectoryReader.open(p.directory) : null;
        if (old != null) {
            old.decRef();
        }
    }

    private LocalDate deletePartition(LocalDate day) throws IOException {
        Partition p = Objects.requireNonNull(partitions.remove(day));
        IndexWriter w = p.writer;
        p.writer = null;
        if (w != null) {
            w.rollback();
        }
        DirectoryReader r = p.reader;
        p.reader = null;
        if (r != null) {
            r.decRef();
        }
        for (String f : p.directory.listAll()) {
            p.directory.deleteFile(f);
        }
        p.directory.close();
        if (root != null) {
            Files.deleteIfExists(root.resolve(day.toString()));
        }
        return day;
    }

    private static long sizeOf(Directory dir) {
        long total = 0;
        try {
            for (String f : dir.listAll()) {
                try {
                    total += dir.fileLength(f);
                } catch (NoSuchFileException | FileNotFoundException e) {
                    // deleted by a merge meanwhile
                }
            }
        } catch (IOException e) {
            return total;
        }
        return total;
    }

    /** Opens the current reader of every partition, under the lock; returns new references. */
    private synchronized IndexReader[] currentReaders() throws IOException {
        lastRefreshNanos = System.nanoTime();
        changedSinceRefresh = false;
        List<IndexReader> readers = new ArrayList<>(partitions.size());
        for (Partition p : partitions.values()) {
            DirectoryReader old = p.reader;
            IndexWriter w = p.writer;
            DirectoryReader current = old;
            if (w != null) {
                current = old == null
                        ? DirectoryReader.open(w, false, false)
                        : DirectoryReader.openIfChanged(old, w, false);
            } else if (old != null) {
                current = DirectoryReader.openIfChanged(old);
            }
            if (current != null && current != old) {
                p.reader = current;
                if (old != null) {
                    old.decRef();
                }
            }
            DirectoryReader r = p.reader;
            if (r != null) {
                readers.add(r);
            }
        }
        return readers.toArray(new IndexReader[0]);
    }

    private static long positionOf(Map<String, String> userData) {
        String v = userData.get(POSITION_KEY);
        return v == null ? 0 : Long.parseLong(v);
    }

    private void writeCheckpoint(long position) throws IOException {
        Path dir = root;
        if (dir == null) {
            return;
        }
        IndexCheckpoint.write(dir, position);
    }

    /** Reads the commit position of a partition directory's last commit; for tests and tools. */
    static long commitPosition(Directory dir) throws IOException {
        return positionOf(SegmentInfos.readLatestCommit(dir).getUserData());
    }
}
