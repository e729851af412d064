package io.triad.metrics.store;

import io.triad.metrics.model.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's H2 database ({@code <dir>/metrics.mv.db}) and all of its SQL: the schema and its format check, the
 * series it holds, whole chunks with their minute and hour rollups appended by checkpoints, the reads of a series'
 * chunks or rollups, and retention's deletes.
 *
 * <p>Tables: {@code store_meta} (the format, {@value #FORMAT}), {@code series} (id, metric, labels, the last sample
 * saved), {@code series_label} (one row per label, indexed by name and value) and {@code chunk} (per series and
 * window: the time range, the sample count, the raw {@link XorChunk} and its {@link Rollups}), indexed by the last
 * sample's time.
 *
 * <p>A database that H2 cannot open because it is corrupt ({@link H2File#isCorruption}) is set aside and replaced by
 * a fresh one ({@link #recoveries()}); any other failure to open fails.
 *
 * <p>NOTE: the writer connection is not thread safe: its caller ({@link Checkpointer}, {@link Retention}) serializes
 * the writes. Reads take their own pooled connection ({@link #reader()}) and may run at any time.
 */
final class ChunkTable implements AutoCloseable {
    // the store's log lines keep the store's logger name
    private static final Logger LOG = LoggerFactory.getLogger(SeriesStore.class);
    /** The on-disk format: 2 since chunks are window-aligned, values {@link DecimalXor}-coded, heads only logged. */
    private static final String FORMAT = "2";
    /** The database's file name without H2's {@code .mv.db}. */
    private static final String DATABASE = "metrics";
    /** The tables every database of {@link #FORMAT} has. */
    private static final List<String> TABLES = List.of("SERIES", "SERIES_LABEL", "CHUNK");

    private static final int BATCH = 1000;

    private final JdbcConnectionPool pool;
    private final Connection writer;
    private final List<MemSeries> saved;
    private final long recoveries;

    /** What a checkpoint wrote. */
    record Written(long chunkBytes, long chunkSamples, long rollupBytes) {}

    /** One stored rollup of a chunk: the chunk's time range and its encoded {@link Rollups} buckets. */
    record RollupRow(long minTime, long maxTime, byte[] buckets) {}

    private ChunkTable(JdbcConnectionPool pool, Connection writer, List<MemSeries> saved, long recoveries) {
        this.pool = pool;
        this.writer = writer;
        this.saved = saved;
        this.recoveries = recoveries;
    }

    /**
     * Opens (or creates) the database in {@code dir}, setting a corrupt one aside, and loads its series.
     *
     * @throws IOException when the database cannot be opened (not for corruption), or holds another format
     * @throws SQLException when the fresh database that replaces a corrupt one cannot be opened
     */
    static ChunkTable open(Path dir, StoreConfig config, Clock clock) throws SQLException, IOException {
        Path base = dir.resolve(DATABASE).toAbsolutePath();
        String url = H2File.url(base);
        JdbcConnectionPool p = JdbcConnectionPool.create(url, "sa", "");
        try {
            List<MemSeries> saved = new ArrayList<>();
            long recoveries = 0;
            Connection w;
            try {
                w = openDatabase(dir, base, url, saved);
            } catch (SQLException e) {
                if (!H2File.isCorruption(e)) {
                    throw new IOException(
                            "cannot open the metrics store database " + base + ".mv.db: " + H2File.describe(e), e);
                }
                Path moved = H2File.setAside(base, clock.instant(), config.corruptFilesKept());
                LOG.error(
                        "metrics store database {}.mv.db is corrupt ({}); moved it to {} (the newest {} such files are"
                                + " kept) and started a fresh database: the write-ahead log's samples are replayed, older"
                                + " samples are lost",
                        base,
                        H2File.describe(e),
                        moved,
                        config.corruptFilesKept(),
                        e);
                recoveries = 1;
                saved.clear();
                w = openDatabase(dir, base, url, saved);
            }
            return new ChunkTable(p, w, saved, recoveries);
        } catch (SQLException | IOException | RuntimeException e) {
            p.dispose();
            throw e;
        }
    }

    /** The series the database held when it opened, each with the last sample it has of them, by id. */
    List<MemSeries> savedSeries() {
        return saved;
    }

    /** 1 when the database was corrupt and replaced at open, else 0. */
    long recoveries() {
        return recoveries;
    }

    // ------------------------------------------------------------------------------------------- open, schema

    /**
     * Connects, creates the tables (or checks an existing database's) and loads the series into {@code saved}; on
     * failure the connection is shut down without H2's closing work.
     */
    private static Connection openDatabase(Path dir, Path base, String url, List<MemSeries> saved)
            throws SQLException, IOException {
        long bytes = H2File.fileBytes(base);
        // not from the pool: the pool's connections are the readers', and closing one after SHUTDOWN IMMEDIATELY
        // writes an error to H2's trace file
        Connection c = DriverManager.getConnection(url, "sa", "");
        try {
            createSchema(dir, c, bytes);
            c.setAutoCommit(false);
            load(c, saved);
            return c;
        } catch (SQLException | IOException | RuntimeException e) {
            H2File.abandon(c, e);
            throw e;
        }
    }

    /**
     * Creates the tables, or checks that an existing database has this version's format and all of its tables.
     *
     * @throws IOException when the database holds another format
     * @throws H2File.CorruptException when it records this format but lacks a table (H2 skips a table whose
     *     definition it cannot read while it opens a damaged file, and logs it only to its trace file), or when H2
     *     found no table at all in a file that has chunks ({@link H2File#checkNotEmptied})
     */
    private static void createSchema(Path dir, Connection c, long fileBytes) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            H2File.checkNotEmptied(c, fileBytes, "STORE_META");
            st.execute("CREATE TABLE IF NOT EXISTS store_meta (meta_key VARCHAR PRIMARY KEY, meta_value VARCHAR)");
            String format = null;
            try (ResultSet rs = st.executeQuery("SELECT meta_value FROM store_meta WHERE meta_key = 'format'")) {
                if (rs.next()) {
                    format = rs.getString(1);
                }
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            boolean hasChunks = tables.contains("CHUNK");
            if (hasChunks ? !FORMAT.equals(format) : format != null && !FORMAT.equals(format)) {
                throw new IOException("the metrics store in " + dir + " has format "
                        + (format == null ? "1" : format) + "; this version reads format " + FORMAT
                        + " only: move the directory away (its series start again empty)");
            }
            if (format != null) {
                List<String> missing = new ArrayList<>(TABLES);
                missing.removeAll(tables);
                if (!missing.isEmpty()) {
                    throw new H2File.CorruptException("the database records format " + format
                            + " but lacks the tables " + missing + " (H2 could not read their definitions; its trace"
                            + " file " + DATABASE + ".trace.db tells why)");
                }
            }
            st.execute("CREATE TABLE IF NOT EXISTS series (id BIGINT PRIMARY KEY, metric VARCHAR NOT NULL,"
                    + " labels VARCHAR NOT NULL, saved_until BIGINT NOT NULL DEFAULT " + Long.MIN_VALUE + ")");
            st.execute("CREATE TABLE IF NOT EXISTS series_label (series_id BIGINT NOT NULL, name VARCHAR NOT NULL,"
                    + " label_value VARCHAR NOT NULL, PRIMARY KEY (series_id, name))");
            st.execute("CREATE INDEX IF NOT EXISTS series_label_value ON series_label (name, label_value)");
            st.execute("CREATE TABLE IF NOT EXISTS chunk (series_id BIGINT NOT NULL, min_time BIGINT NOT NULL,"
                    + " max_time BIGINT NOT NULL, samples INT NOT NULL, raw_chunk VARBINARY, minute_rollup VARBINARY,"
                    + " hour_rollup VARBINARY, PRIMARY KEY (series_id, min_time))");
            st.execute("CREATE INDEX IF NOT EXISTS chunk_max_time ON chunk (max_time)");
            // last: a database that records the format has every table
            st.execute(
                    "MERGE INTO store_meta (meta_key, meta_value) KEY (meta_key) VALUES ('format', '" + FORMAT + "')");
        }
    }

    private static void load(Connection c, List<MemSeries> saved) throws SQLException {
        Map<Long, Map<String, String>> labels = new TreeMap<>();
        Map<Long, Long> savedUntil = new HashMap<>();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, saved_until FROM series")) {
                while (rs.next()) {
                    labels.put(rs.getLong(1), new TreeMap<>());
                    savedUntil.put(rs.getLong(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT series_id, name, label_value FROM series_label")) {
                while (rs.next()) {
                    Map<String, String> m = labels.get(rs.getLong(1));
                    if (m != null) {
                        m.put(rs.getString(2), rs.getString(3));
                    }
                }
            }
            for (Map.Entry<Long, Map<String, String>> e : labels.entrySet()) {
                MemSeries s = new MemSeries(e.getKey(), Labels.of(e.getValue()));
                // samples up to here are in H2: the log's replay skips them as out of order
                s.lastTs = savedUntil.getOrDefault(e.getKey(), Long.MIN_VALUE);
                saved.add(s);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- writes

    /**
     * Writes in one transaction the new {@code series} and the closed {@code chunks} (owned by {@code chunkOwners}, in
     * the same order, each series' chunks together and oldest first) with their minute and hour rollups, moves each
     * owner's saved range to its last chunk's end, and forces the database to disk; rolls back on failure.
     */
    Written write(List<MemSeries> series, List<MemSeries> chunkOwners, List<ChunkRef> chunks) throws SQLException {
        Written written;
        try {
            writeSeries(series);
            written = writeChunks(chunkOwners, chunks);
            writeSavedUntil(chunkOwners, chunks);
            writer.commit();
            try (Statement st = writer.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
        return written;
    }

    private void writeSeries(List<MemSeries> series) throws SQLException {
        try (PreparedStatement ps =
                        writer.prepareStatement("MERGE INTO series (id, metric, labels) KEY (id) VALUES (?, ?, ?)");
                PreparedStatement pl = writer.prepareStatement(
                        "MERGE INTO series_label (series_id, name, label_value) KEY (series_id, name) VALUES (?, ?, ?)")) {
            for (MemSeries s : series) {
                ps.setLong(1, s.id);
                ps.setString(2, s.labels.name());
                ps.setString(3, s.labels.toString());
                ps.addBatch();
                for (Map.Entry<String, String> e : s.labels.asMap().entrySet()) {
                    pl.setLong(1, s.id);
                    pl.setString(2, e.getKey());
                    pl.setString(3, e.getValue());
                    pl.addBatch();
                }
            }
            ps.executeBatch();
            pl.executeBatch();
        }
    }

    private Written writeChunks(List<MemSeries> chunkOwners, List<ChunkRef> chunks) throws SQLException {
        long chunkBytes = 0;
        long chunkSamples = 0;
        long rollupBytes = 0;
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO chunk (series_id, min_time, max_time, samples,"
                + " raw_chunk, minute_rollup, hour_rollup) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (int i = 0; i < chunks.size(); i++) {
                ChunkRef c = chunks.get(i);
                Rollups.Builder minute = new Rollups.Builder(SeriesStore.MINUTE);
                Rollups.Builder hour = new Rollups.Builder(SeriesStore.HOUR);
                XorChunk.Decoder d = new XorChunk.Decoder(c.bytes());
                while (d.next()) {
                    minute.add(d.timestamp(), d.value());
                    hour.add(d.timestamp(), d.value());
                }
                byte[] m = Rollups.encode(minute.buckets());
                byte[] h = Rollups.encode(hour.buckets());
                ps.setLong(1, chunkOwners.get(i).id);
                ps.setLong(2, c.minTime());
                ps.setLong(3, c.maxTime());
                ps.setInt(4, c.samples());
                ps.setBytes(5, c.bytes());
                ps.setBytes(6, m);
                ps.setBytes(7, h);
                ps.addBatch();
                chunkBytes += c.bytes().length;
                chunkSamples += c.samples();
                rollupBytes += m.length + h.length;
                if (++batched == BATCH) {
                    ps.executeBatch();
                    batched = 0;
                }
            }
            ps.executeBatch();
        }
        return new Written(chunkBytes, chunkSamples, rollupBytes);
    }

    private void writeSavedUntil(List<MemSeries> chunkOwners, List<ChunkRef> chunks) throws SQLException {
        try (PreparedStatement up = writer.prepareStatement("UPDATE series SET saved_until = ? WHERE id = ?")) {
            int batched = 0;
            for (int i = 0; i < chunks.size(); i++) {
                // the last chunk of each series in this checkpoint ends its saved range
                if (i + 1 < chunks.size() && chunkOwners.get(i + 1) == chunkOwners.get(i)) {
                    continue;
                }
                up.setLong(1, chunks.get(i).maxTime());
                up.setLong(2, chunkOwners.get(i).id);
                up.addBatch();
                if (++batched == BATCH) {
                    up.executeBatch();
                    batched = 0;
                }
            }
            up.executeBatch();
        }
    }

    /**
     * Drops raw chunks whose last sample is before {@code rawBefore}, minute rollups before {@code minuteBefore} and
     * whole rows (the hour rollups) before {@code rowsBefore}, in one transaction; rolls back on failure.
     */
    RetentionResult dropOlder(long rawBefore, long minuteBefore, long rowsBefore) throws SQLException {
        try (PreparedStatement raw = writer.prepareStatement(
                        "UPDATE chunk SET raw_chunk = NULL WHERE max_time < ? AND raw_chunk IS NOT NULL");
                PreparedStatement minute = writer.prepareStatement(
                        "UPDATE chunk SET minute_rollup = NULL WHERE max_time < ? AND minute_rollup IS NOT NULL");
                PreparedStatement rows = writer.prepareStatement("DELETE FROM chunk WHERE max_time < ?")) {
            raw.setLong(1, rawBefore);
            minute.setLong(1, minuteBefore);
            rows.setLong(1, rowsBefore);
            int r = raw.executeUpdate();
            int m = minute.executeUpdate();
            int d = rows.executeUpdate();
            writer.commit();
            return new RetentionResult(r, m, d);
        } catch (SQLException e) {
            try {
                writer.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        }
    }

    // -------------------------------------------------------------------------------------------------- reads

    /** A pooled connection for reads; the caller closes it. */
    Connection reader() throws SQLException {
        return pool.getConnection();
    }

    /** The query of {@link #rawChunks}, prepared once per read for every series it reads. */
    static PreparedStatement rawQuery(Connection c) throws SQLException {
        return c.prepareStatement("SELECT min_time, max_time, samples, raw_chunk FROM chunk"
                + " WHERE series_id = ? AND max_time >= ? AND min_time <= ? AND raw_chunk IS NOT NULL"
                + " ORDER BY min_time");
    }

    /** The raw chunks of one series that overlap {@code [from, to]}, oldest first. */
    static List<ChunkRef> rawChunks(PreparedStatement rawQuery, long seriesId, long from, long to) throws SQLException {
        List<ChunkRef> chunks = new ArrayList<>();
        rawQuery.setLong(1, seriesId);
        rawQuery.setLong(2, from);
        rawQuery.setLong(3, to);
        try (ResultSet rs = rawQuery.executeQuery()) {
            while (rs.next()) {
                chunks.add(new ChunkRef(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBytes(4)));
            }
        }
        return chunks;
    }

    /** The query of {@link #rollupRows} for {@link SeriesStore#MINUTE} or {@link SeriesStore#HOUR} rollups. */
    static PreparedStatement rollupQuery(Connection c, long step) throws SQLException {
        String column = step == SeriesStore.HOUR ? "hour_rollup" : "minute_rollup";
        return c.prepareStatement("SELECT min_time, max_time, " + column + " FROM chunk"
                + " WHERE series_id = ? AND max_time >= ? AND min_time <= ? AND " + column + " IS NOT NULL"
                + " ORDER BY min_time");
    }

    /** The rollups of one series' chunks that overlap {@code [from, to]}, oldest first. */
    static List<RollupRow> rollupRows(PreparedStatement rollupQuery, long seriesId, long from, long to)
            throws SQLException {
        List<RollupRow> rows = new ArrayList<>();
        rollupQuery.setLong(1, seriesId);
        rollupQuery.setLong(2, from);
        rollupQuery.setLong(3, to);
        try (ResultSet rs = rollupQuery.executeQuery()) {
            while (rs.next()) {
                rows.add(new RollupRow(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
            }
        }
        return rows;
    }

    // -------------------------------------------------------------------------------------------------- close

    /** Closes the readers' idle connections, then the database without H2's closing work ({@link H2File#shutDown}). */
    @Override
    public void close() throws IOException {
        // the readers' idle connections first; the writer's keeps the database open until it shuts it down
        pool.dispose();
        try {
            H2File.shutDown(writer);
        } catch (SQLException e) {
            throw new IOException("cannot close the metrics store database: " + e.getMessage(), e);
        }
    }

    /** Closes after a failed open, logging (at debug) what fails meanwhile. */
    void abandon() {
        IOException e = new IOException("while closing after a failed open");
        H2File.abandon(writer, e);
        if (e.getSuppressed().length > 0) {
            LOG.debug("while closing after a failed open", e);
        }
        pool.dispose();
    }
}
