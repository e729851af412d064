package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * {@code bench/correlation.sh}: correlation latencies of a running Triad loaded by {@code ALARM_IDS=1
 * bench/ingest.sh} (every line ends with an alarm id, ten lines per id, so EVENTS / 10 distinct keys), each request
 * for a random key, measured by the client (HTTP round trip) with the server's {@code took_ms} beside it.
 *
 * <p>The baseline is the lookup itself run in this JVM by a plain {@link IndexSearcher} on Triad's index: the term
 * query on {@code correlation.alarm_id}, sorted by time, with the stored fields of the hits loaded.
 */
final class CorrelationBench {
    private final TriadClient triad;
    private final int n;
    private final int warmup;
    private final SplittableRandom random = new SplittableRandom(20261201L);
    private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private CorrelationBench(TriadClient triad, int n, int warmup) {
        this.triad = triad;
        this.n = n;
        this.warmup = warmup;
    }

    /** {@code CorrelationBench DATA_DIR EVENT_FILE N WARMUP}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CorrelationBench DATA_DIR EVENT_FILE N WARMUP");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        EventFileMeta meta = EventFileMeta.read(Path.of(args[1]));
        CorrelationBench bench = new CorrelationBench(
                TriadClient.fromRunFile(data), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        bench.run(meta, data.resolve("index"));
    }

    private void run(EventFileMeta meta, Path index) throws Exception {
        long keys = meta.events() / EventFileGenerator.EVENTS_PER_FLOW;
        String from = Instant.ofEpochMilli(meta.firstMillis() - 60_000).toString();
        String to = Instant.ofEpochMilli(meta.lastMillis() + 60_000).toString();
        long mid = (meta.firstMillis() + meta.lastMillis()) / 2;

        System.err.printf(Locale.ROOT, "collecting %d random event ids ...%n", n + warmup);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n + warmup; i++) {
            JsonNode hits = triad.get(
                            "/api/v1/search",
                            Map.of(
                                    "q",
                                    "correlation.alarm_id:ALM-" + random.nextLong(keys),
                                    "from",
                                    from,
                                    "to",
                                    to,
                                    "limit",
                                    "1"))
                    .path("hits");
            ids.add(hits.get(0).path("id").asText());
        }

        List<String[]> rows = new ArrayList<>();
        rows.add(measure("correlation/{name}/{value} (10 events)", n, warmup, i -> {
            JsonNode r = triad.get(
                    "/api/v1/correlation/alarm_id/ALM-" + random.nextLong(keys), Map.of("from", from, "to", to));
            check(r.path("count").asLong() == EventFileGenerator.EVENTS_PER_FLOW, r);
            return r;
        }));
        rows.add(measure("events/{id}/correlated (window 10m)", n, warmup, i -> {
            JsonNode r = triad.get(
                    "/api/v1/events/" + ids.get(i) + "/correlated", Map.of("window", "10m", "neighbours", "0"));
            check(r.path("hits").size() == EventFileGenerator.EVENTS_PER_FLOW, r);
            return r;
        }));
        rows.add(measure(
                "events/{id}/correlated + neighbours 30s",
                n,
                warmup,
                i -> triad.get(
                        "/api/v1/events/" + ids.get(i) + "/correlated", Map.of("window", "10m", "neighbours", "30s"))));
        int heavyRuns = Math.max(5, n / 10);
        for (int minutes : new int[] {1, 5}) {
            String tFrom = Instant.ofEpochMilli(mid).toString();
            String tTo = Instant.ofEpochMilli(mid + minutes * 60_000L).toString();
            rows.add(measure(
                    "transactions, " + minutes + " min by duration",
                    heavyRuns,
                    Math.max(2, warmup / 10),
                    i -> triad.get(
                            "/api/v1/transactions",
                            Map.of("key", "alarm_id", "from", tFrom, "to", tTo, "sort", "duration", "limit", "100"))));
        }
        double[] lucene = lucene(index, keys);

        out.printf(
                Locale.ROOT,
                "%nTriad correlation benchmark: %,d events, %,d distinct alarm ids (%d events each); client = HTTP"
                        + " round trip from this JVM%n%n",
                meta.events(),
                keys,
                EventFileGenerator.EVENTS_PER_FLOW);
        String row = "%-44s %10s %10s %12s %8s   %s%n";
        out.printf(Locale.ROOT, row, "request (Triad over HTTP)", "p50 ms", "p99 ms", "took_ms p50", "runs", "answer");
        out.printf(
                Locale.ROOT,
                row,
                "-".repeat(44),
                "-".repeat(10),
                "-".repeat(10),
                "-".repeat(12),
                "-".repeat(8),
                "-".repeat(20));
        for (String[] r : rows) {
            out.printf(Locale.ROOT, row, (Object[]) r);
        }
        Percentiles base = new Percentiles(lucene);
        out.printf(Locale.ROOT, "%n");
        out.printf(
                Locale.ROOT,
                row,
                "baseline: IndexSearcher term+sort+stored",
                QueryBench.ms(base.at(50)),
                QueryBench.ms(base.at(99)),
                "",
                Integer.toString(lucene.length),
                "10 events");
        double lookupP99 = Double.parseDouble(rows.get(0)[2]);
        double correlatedP99 = Double.parseDouble(rows.get(1)[2]);
        out.printf(
                Locale.ROOT,
                "%nbar: correlation lookup p99 <= 50 ms: correlation/{name}/{value} %.1f ms %s;"
                        + " events/{id}/correlated %.1f ms %s%n",
                lookupP99,
                lookupP99 <= 50 ? "PASS" : "FAIL",
                correlatedP99,
                correlatedP99 <= 50 ? "PASS" : "FAIL");
    }

    private interface Request {
        JsonNode send(int i) throws Exception;
    }

    private String[] measure(String name, int runs, int warm, Request request) throws Exception {
        System.err.printf(Locale.ROOT, "running %s ...%n", name);
        for (int i = 0; i < warm; i++) {
            request.send(runs + i < n + warmup ? runs + i : i);
        }
        double[] client = new double[runs];
        double[] server = new double[runs];
        String note = "";
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            JsonNode r = request.send(i);
            client[i] = (System.nanoTime() - t0) / 1e6;
            server[i] = r.path("took_ms").asDouble();
            if (r.has("transactions")) {
                note = r.path("total").asLong() + " transactions"
                        + (r.path("truncated").asBoolean() ? ", truncated" : "");
            } else if (r.has("hits")) {
                note = r.path("hits").size() + " events";
            } else if (r.has("count")) {
                note = r.path("count").asLong() + " events";
            }
        }
        Percentiles c = new Percentiles(client);
        return new String[] {
            name,
            QueryBench.ms(c.at(50)),
            QueryBench.ms(c.at(99)),
            QueryBench.ms(new Percentiles(server).at(50)),
            Integer.toString(runs),
            note
        };
    }

    private double[] lucene(Path index, long keys) throws IOException {
        System.err.printf(Locale.ROOT, "running the IndexSearcher baseline ...%n");
        List<FSDirectory> dirs = new ArrayList<>();
        List<IndexReader> readers = new ArrayList<>();
        try {
            for (Path p : QueryBench.partitions(index)) {
                FSDirectory d = FSDirectory.open(p);
                dirs.add(d);
                readers.add(DirectoryReader.open(d));
            }
            try (MultiReader reader = new MultiReader(readers.toArray(new IndexReader[0]), true)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                Sort oldestFirst = new Sort(new SortField("timestamp", SortField.Type.LONG, false));
                for (int i = 0; i < warmup; i++) {
                    QueryBench.page(
                            searcher,
                            new TermQuery(new Term("correlation.alarm_id", "ALM-" + random.nextLong(keys))),
                            oldestFirst);
                }
                double[] t = new double[n];
                for (int i = 0; i < n; i++) {
                    TermQuery q = new TermQuery(new Term("correlation.alarm_id", "ALM-" + random.nextLong(keys)));
                    long t0 = System.nanoTime();
                    long hits = QueryBench.page(searcher, q, oldestFirst);
                    t[i] = (System.nanoTime() - t0) / 1e6;
                    if (hits != EventFileGenerator.EVENTS_PER_FLOW) {
                        throw new IOException(
                                "expected " + EventFileGenerator.EVENTS_PER_FLOW + " hits for " + q + "; got: " + hits);
                    }
                }
                return t;
            }
        } finally {
            for (FSDirectory d : dirs) {
                d.close();
            }
        }
    }

    private static void check(boolean ok, JsonNode r) throws IOException {
        if (!ok) {
            String s = r.toString();
            throw new IOException("unexpected answer: " + s.substring(0, Math.min(500, s.length())));
        }
    }
}
