package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.jspecify.annotations.Nullable;

/**
 * {@code bench/query.sh}: query latencies of a running Triad loaded by {@code bench/ingest.sh}, measured by the
 * client (HTTP round trip) with the server's {@code took_ms} beside them, and the time from an NDJSON ingest's 200
 * (the ack, after fsync) until a search finds the event.
 *
 * <p>The baseline is the same term query run in this JVM by a plain {@link IndexSearcher}: on Triad's own index
 * (every daily partition opened read-only, as last committed) and, when ingest.sh kept it, on the raw Lucene index it
 * built. Both mirror what Triad's search does for a page: the 100 newest hits by timestamp, total counted exactly up
 * to 10,000, and the stored fields of the page loaded.
 */
final class QueryBench {
    private static final int PAGE = 100;
    private static final int COUNT_THRESHOLD = 10_000;

    private final TriadClient triad;
    private final int n;
    private final int warmup;
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private QueryBench(TriadClient triad, int n, int warmup) {
        this.triad = triad;
        this.n = n;
        this.warmup = warmup;
    }

    /** One measured query: client latencies in ms, the server's took_ms, and what it matched. */
    private record Measured(
            String name, Percentiles client, @Nullable Percentiles server, long total) {}

    /** {@code QueryBench DATA_DIR EVENT_FILE N WARMUP [RAW_LUCENE_INDEX]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: QueryBench DATA_DIR EVENT_FILE N WARMUP [RAW_LUCENE_INDEX]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        EventFileMeta meta = EventFileMeta.read(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        @Nullable Path rawIndex = args.length > 4 && Files.isDirectory(Path.of(args[4])) ? Path.of(args[4]) : null;
        QueryBench bench = new QueryBench(TriadClient.fromRunFile(data), n, warmup);
        bench.awaitCaughtUp();
        bench.run(meta, data.resolve("index"), rawIndex);
    }

    private void awaitCaughtUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (true) {
            JsonNode h = triad.get("/api/v1/health", Map.of());
            long indexed = h.path("indexer").path("indexedPosition").asLong();
            long last = h.path("journal").path("lastPosition").asLong();
            if (h.path("indexer").has("failure") || h.path("journal").has("failure")) {
                throw new IOException("triad reports a failed component (see its log): " + h);
            }
            if (indexed >= last && "up".equals(h.path("status").asText())) {
                System.err.printf(Locale.ROOT, "triad is up: %d events indexed%n", indexed);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("triad did not catch up within 300 s: " + h);
            }
            Thread.sleep(250);
        }
    }

    private void run(EventFileMeta meta, Path triadIndex, @Nullable Path rawIndex) throws Exception {
        String from = Instant.ofEpochMilli(meta.firstMillis() - 60_000).toString();
        String to = Instant.ofEpochMilli(meta.lastMillis() + 60_000).toString();
        long mid = (meta.firstMillis() + meta.lastMillis()) / 2;
        String rangeFrom = Instant.ofEpochMilli(mid).toString();
        String rangeTo = Instant.ofEpochMilli(mid + 300_000).toString();
        String limit = Integer.toString(PAGE);

        List<Measured> rows = new ArrayList<>();
        rows.add(http(
                "term host:door-017",
                "/api/v1/search",
                Map.of("q", "host:door-017", "from", from, "to", to, "limit", limit)));
        rows.add(http(
                "term tamper (word)", "/api/v1/search", Map.of("q", "tamper", "from", from, "to", to, "limit", limit)));
        rows.add(http(
                "phrase \"access denied\"",
                "/api/v1/search",
                Map.of("q", "\"access denied\"", "from", from, "to", to, "limit", limit)));
        rows.add(
                http("wildcard conn*", "/api/v1/search", Map.of("q", "conn*", "from", from, "to", to, "limit", limit)));
        rows.add(http(
                "range 5 min *:*",
                "/api/v1/search",
                Map.of("q", "*:*", "from", rangeFrom, "to", rangeTo, "limit", limit)));
        rows.add(http(
                "histogram 5 min *:*",
                "/api/v1/search/histogram",
                Map.of("q", "*:*", "from", rangeFrom, "to", rangeTo)));
        rows.add(http("histogram 1 h *:*", "/api/v1/search/histogram", Map.of("q", "*:*", "from", from, "to", to)));
        rows.add(http(
                "top values 5 min *:*", "/api/v1/search/fields", Map.of("q", "*:*", "from", rangeFrom, "to", rangeTo)));
        rows.add(http(
                "top values 1 h host:door-017",
                "/api/v1/search/fields",
                Map.of("q", "host:door-017", "from", from, "to", to)));

        List<Measured> baseline = new ArrayList<>();
        List<Path> partitions = partitions(triadIndex);
        baseline.add(lucene(
                "Lucene on Triad's index: host:door-017", partitions, new TermQuery(new Term("host", "door-017"))));
        baseline.add(lucene(
                "Lucene on Triad's index: message:tamper", partitions, new TermQuery(new Term("message", "tamper"))));
        if (rawIndex != null) {
            baseline.add(lucene(
                    "raw Lucene index: host:door-017", List.of(rawIndex), new TermQuery(new Term("host", "door-017"))));
            baseline.add(lucene(
                    "raw Lucene index: message:tamper",
                    List.of(rawIndex),
                    new TermQuery(new Term("message", "tamper"))));
        }
        double[][] ack = ackToSearchable();

        out.printf(
                Locale.ROOT,
                "%nTriad query benchmark: %,d events in the index; %d runs per query after %d warm-up"
                        + " runs; client = HTTP round trip from this JVM%n%n",
                meta.events(),
                n,
                warmup);
        String row = "%-40s %10s %10s %12s %12s%n";
        out.printf(Locale.ROOT, row, "query (Triad over HTTP)", "p50 ms", "p99 ms", "took_ms p50", "hits");
        out.printf(Locale.ROOT, row, "-".repeat(40), "-".repeat(10), "-".repeat(10), "-".repeat(12), "-".repeat(12));
        for (Measured m : rows) {
            Percentiles server = m.server();
            out.printf(
                    Locale.ROOT,
                    row,
                    m.name(),
                    ms(m.client().at(50)),
                    ms(m.client().at(99)),
                    server == null ? "n/a" : ms(server.at(50)),
                    Long.toString(m.total()));
        }
        out.printf(Locale.ROOT, "%n");
        out.printf(Locale.ROOT, row, "baseline (IndexSearcher in this JVM)", "p50 ms", "p99 ms", "", "hits");
        out.printf(Locale.ROOT, row, "-".repeat(40), "-".repeat(10), "-".repeat(10), "", "-".repeat(12));
        for (Measured m : baseline) {
            out.printf(
                    Locale.ROOT,
                    row,
                    m.name(),
                    ms(m.client().at(50)),
                    ms(m.client().at(99)),
                    "",
                    Long.toString(m.total()));
        }
        Percentiles ackLatency = new Percentiles(ack[0]);
        Percentiles searchable = new Percentiles(ack[1]);
        out.printf(Locale.ROOT, "%n");
        out.printf(Locale.ROOT, row, "ingest (NDJSON POST, one event)", "p50 ms", "p99 ms", "", "samples");
        out.printf(Locale.ROOT, row, "-".repeat(40), "-".repeat(10), "-".repeat(10), "", "-".repeat(12));
        out.printf(
                Locale.ROOT,
                row,
                "POST until 200 (ack, fsynced)",
                ms(ackLatency.at(50)),
                ms(ackLatency.at(99)),
                "",
                Integer.toString(ackLatency.size()));
        out.printf(
                Locale.ROOT,
                row,
                "ack until found by search (10 ms polls)",
                ms(searchable.at(50)),
                ms(searchable.at(99)),
                "",
                Integer.toString(searchable.size()));

        Percentiles term = rows.get(0).client();
        Percentiles base = baseline.get(0).client();
        out.printf(
                Locale.ROOT,
                "%nbars: term p99 %s ms (host:door-017; bar <= 100 ms at 10 M events): %s;"
                        + " Lucene in-JVM p99 on the same index %s ms; ack to searchable p99 %s ms (bar <= 1000 ms): %s%n",
                ms(term.at(99)),
                term.at(99) <= 100 ? "PASS" : "FAIL",
                ms(base.at(99)),
                ms(searchable.at(99)),
                searchable.at(99) <= 1000 ? "PASS" : "FAIL");
    }

    private Measured http(String name, String path, Map<String, String> params) throws Exception {
        System.err.printf(Locale.ROOT, "running %s ...%n", name);
        long total = 0;
        for (int i = 0; i < warmup; i++) {
            total = triad.get(path, params).path("total").asLong();
        }
        double[] client = new double[n];
        double[] server = new double[n];
        boolean hasTook = true;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonNode r = triad.get(path, params);
            client[i] = (System.nanoTime() - t0) / 1e6;
            hasTook &= r.has("took_ms");
            server[i] = r.path("took_ms").asDouble();
            total = r.path("total").asLong();
        }
        return new Measured(name, new Percentiles(client), hasTook ? new Percentiles(server) : null, total);
    }

    private Measured lucene(String name, List<Path> indexes, Query query) throws IOException {
        System.err.printf(Locale.ROOT, "running %s ...%n", name);
        List<FSDirectory> dirs = new ArrayList<>();
        List<IndexReader> readers = new ArrayList<>();
        try {
            for (Path p : indexes) {
                FSDirectory d = FSDirectory.open(p);
                dirs.add(d);
                readers.add(DirectoryReader.open(d));
            }
            try (MultiReader reader = new MultiReader(readers.toArray(new IndexReader[0]), true)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Sort newestFirst = new Sort(new SortField("timestamp", SortField.Type.LONG, true));
                long total = 0;
                for (int i = 0; i < warmup; i++) {
                    total = page(searcher, query, newestFirst);
                }
                double[] t = new double[n];
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    total = page(searcher, query, newestFirst);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                }
                return new Measured(name, new Percentiles(t), null, total);
            }
        } finally {
            for (FSDirectory d : dirs) {
                d.close();
            }
        }
    }

    /** A page as Triad serves one: the 100 newest hits with their stored fields; returns the (bounded) total. */
    static long page(IndexSearcher searcher, Query query, Sort sort) throws IOException {
        TopFieldDocs top = searcher.search(query, new TopFieldCollectorManager(sort, PAGE, null, COUNT_THRESHOLD));
        StoredFields stored = searcher.storedFields();
        long bytes = 0;
        for (ScoreDoc sd : top.scoreDocs) {
            bytes += stored.document(sd.doc).getFields().size();
        }
        return bytes >= 0 ? top.totalHits.value() : -1;
    }

    static List<Path> partitions(Path indexRoot) throws IOException {
        try (Stream<Path> s = Files.list(indexRoot)) {
            return s.filter(p ->
                            Files.isDirectory(p) && p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}"))
                    .sorted()
                    .toList();
        }
    }

    /** [0] = POST latencies (ms), [1] = ack until the first search that finds the event (ms). */
    private double[][] ackToSearchable() throws Exception {
        int samples = 200;
        System.err.printf(Locale.ROOT, "running ack to searchable, %d samples ...%n", samples);
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        double[] ack = new double[samples];
        double[] searchable = new double[samples];
        for (int i = 0; i < samples; i++) {
            String marker = "probe" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
            Map<String, String> q = new LinkedHashMap<>();
            q.put("q", marker);
            q.put("from", "now-5m");
            q.put("to", "now");
            q.put("limit", "1");
            long t0 = System.nanoTime();
            triad.ingest("{\"host\":\"bench-probe\",\"message\":\"latency " + marker + " sample " + i + "\"}\n");
            long acked = System.nanoTime();
            ack[i] = (acked - t0) / 1e6;
            while (true) {
                if (triad.get("/api/v1/search", q).path("total").asLong() > 0) {
                    searchable[i] = (System.nanoTime() - acked) / 1e6;
                    break;
                }
                if (System.nanoTime() - acked > 30_000_000_000L) {
                    throw new IOException("event " + marker + " not found by search 30 s after its ack; health: "
                            + triad.get("/api/v1/health", Map.of()));
                }
                Thread.sleep(10);
            }
        }
        return new double[][] {ack, searchable};
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
