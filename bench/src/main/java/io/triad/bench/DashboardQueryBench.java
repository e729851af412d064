package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.triad.metrics.model.Labels;
import io.triad.metrics.store.AppendResult;
import io.triad.metrics.store.Sample;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import io.triad.testkit.MutableClock;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboards' query latency over 24 h of host series, Triad beside a Prometheus server holding the same samples,
 * both asked over HTTP the {@code query_range} requests of the Hosts dashboard's panels for 24 h (the UI's 300 s step,
 * 289 points per series, 200 hosts per panel). Each request is timed until its whole body has arrived (parsing it is
 * the client's business, and is left out for both).
 *
 * <ul>
 *   <li>{@code prepare WORK HOSTS HOURS}: generates the samples (HostSeries, eleven series per host named as the
 *       host probe names them: CPU idle and steal, CPU count, load, memory, file system, network, descriptors), ending now, into a Triad metrics store under {@code
 *       WORK/triad-data/metrics} and into {@code WORK/samples.om} (OpenMetrics text, for {@code promtool tsdb
 *       create-blocks-from openmetrics}); writes the range and the sample count to {@code WORK/range.txt}.
 *   <li>{@code query WORK PROMETHEUS_URL RUNS WARMUP}: runs every dashboard query RUNS times against the Triad whose
 *       {@code run.json} is in {@code WORK/triad-data} and against Prometheus, alternating, and prints p50/p99 per
 *       query and over all, with the series and point counts each returned (they must agree).
 * </ul>
 */
public final class DashboardQueryBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each host's series: the ones the Hosts dashboard's panels below read, named as HostProbe names them. */
    private static final List<HostSeries.SeriesDef> MODEL = List.of(
            new HostSeries.SeriesDef("node_cpu_seconds_total", "mode", "idle", HostSeries.Kind.COUNTER_FAST),
            new HostSeries.SeriesDef("node_cpu_seconds_total", "mode", "steal", HostSeries.Kind.COUNTER_SLOW),
            new HostSeries.SeriesDef("node_cpu_count", "", "", HostSeries.Kind.CONSTANT),
            new HostSeries.SeriesDef("node_load1", "", "", HostSeries.Kind.GAUGE_DECIMAL2),
            new HostSeries.SeriesDef("node_memory_MemTotal_bytes", "", "", HostSeries.Kind.CONSTANT),
            new HostSeries.SeriesDef("node_memory_MemAvailable_bytes", "", "", HostSeries.Kind.GAUGE_PAGES),
            new HostSeries.SeriesDef("node_filesystem_size_bytes", "mountpoint", "/", HostSeries.Kind.CONSTANT),
            new HostSeries.SeriesDef("node_filesystem_avail_bytes", "mountpoint", "/", HostSeries.Kind.GAUGE_SLOW),
            new HostSeries.SeriesDef(
                    "node_network_receive_bytes_total", "device", "eth0", HostSeries.Kind.COUNTER_FAST),
            new HostSeries.SeriesDef("node_filefd_allocated", "", "", HostSeries.Kind.GAUGE_INT),
            new HostSeries.SeriesDef("node_filefd_maximum", "", "", HostSeries.Kind.CONSTANT));

    /** The step the UI picks for 24 h (at most 300 points: dashquery.js) and its rate window (four steps). */
    private static final long STEP_SECONDS = 300;

    private static final String WINDOW = "20m";
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");
    private static final String FS =
            "fstype!~\"tmpfs|devtmpfs|ramfs|squashfs|nsfs|autofs|proc|sysfs|cgroup2?|fuse\\\\..*\"";

    /** The Hosts dashboard's panels (web/src/main/resources/ui/dashboards/hosts.json), every site selected. */
    private static final List<String> QUERIES = List.of(
            "100 * (1 - avg by (site, host) (rate(node_cpu_seconds_total{site=~\".*\",mode=\"idle\"}[" + WINDOW
                    + "])))",
            "100 * avg by (site, host) (rate(node_cpu_seconds_total{site=~\".*\",mode=\"steal\"}[" + WINDOW + "]))",
            "node_load1{site=~\".*\"} / node_cpu_count{site=~\".*\"}",
            "100 * node_memory_MemAvailable_bytes{site=~\".*\"} / node_memory_MemTotal_bytes{site=~\".*\"}",
            "100 * node_filesystem_avail_bytes{site=~\".*\"," + FS + "} / (node_filesystem_size_bytes{site=~\".*\","
                    + FS + "} > 0)",
            "rate(node_network_receive_bytes_total{site=~\".*\",device!=\"lo\"}[" + WINDOW + "])",
            "100 * node_filefd_allocated{site=~\".*\"} / node_filefd_maximum{site=~\".*\"}");

    private DashboardQueryBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]));
            case "query" ->
                query(Path.of(args[1]), URI.create(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default ->
                throw new IllegalArgumentException("usage: prepare WORK HOSTS HOURS | query WORK PROM RUNS WARMUP");
        }
    }

    private static void prepare(Path work, int hosts, double hours) throws IOException {
        List<HostSeries.SeriesDef> model = MODEL;
        long steps = Math.round(hours * 3600_000 / HostSeries.STEP_MS);
        long now = System.currentTimeMillis();
        long t0 = (now - steps * HostSeries.STEP_MS) / HostSeries.STEP_MS * HostSeries.STEP_MS;
        HostSeries.Generator g = new HostSeries.Generator(model, hosts, model.size(), 2.0, t0);
        MutableClock clock = new MutableClock(HostSeries.T0);
        List<Sample> batch = new ArrayList<>();
        Files.createDirectories(work.resolve("triad-data"));
        long samples = 0;
        try (SeriesStore store = SeriesStore.open(work.resolve("triad-data/metrics"), StoreConfig.defaults(), clock);
                BufferedWriter om = Files.newBufferedWriter(work.resolve("samples.om"), StandardCharsets.UTF_8)) {
            // OpenMetrics wants each metric family's samples together: write one family after the other per series,
            // so collect the steps per series first (eleven series per host, 8,640 steps per day: small enough)
            int n = hosts * model.size();
            long[][] ts = new long[n][(int) steps];
            double[][] vs = new double[n][(int) steps];
            Labels[] labels = new Labels[n];
            for (long k = 0; k < steps; k++) {
                clock.set(t0 + k * HostSeries.STEP_MS);
                g.step(k, batch);
                AppendResult r = store.append(batch);
                if (r.rejected() > 0) {
                    throw new IllegalStateException("step " + k + ": " + r);
                }
                for (int i = 0; i < batch.size(); i++) {
                    ts[i][(int) k] = batch.get(i).tsMillis();
                    vs[i][(int) k] = batch.get(i).value();
                    labels[i] = batch.get(i).labels();
                }
                samples += batch.size();
            }
            for (HostSeries.SeriesDef d : model) {
                boolean counter = d.name().endsWith("_total");
                String family = counter ? d.name().substring(0, d.name().length() - "_total".length()) : d.name();
                if (!d.extraLabel().isEmpty() && !d.extraValue().equals(firstExtra(model, d.name()))) {
                    continue; // the family was written with its first variant
                }
                om.write("# TYPE " + family + (counter ? " counter\n" : " gauge\n"));
                for (int i = 0; i < n; i++) {
                    if (!labels[i].name().equals(d.name())) {
                        continue;
                    }
                    String series = openMetrics(labels[i]);
                    for (int k = 0; k < steps; k++) {
                        om.write(series);
                        om.write(' ');
                        om.write(Double.toString(vs[i][k]));
                        om.write(' ');
                        om.write(String.format(Locale.ROOT, "%.3f", ts[i][k] / 1000.0));
                        om.write('\n');
                    }
                }
            }
            om.write("# EOF\n");
        }
        long end = t0 + (steps - 1) * HostSeries.STEP_MS;
        Files.writeString(
                work.resolve("range.txt"), t0 / 1000 + " " + end / 1000 + " " + samples + "\n", StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "prepared %,d samples of %d series (%d hosts x %d), %.1f h ending %d%n",
                samples,
                hosts * model.size(),
                hosts,
                model.size(),
                hours,
                end);
    }

    private static String firstExtra(List<HostSeries.SeriesDef> model, String name) {
        return model.stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow()
                .extraValue();
    }

    /** {@code name{a="b",...}} with the labels in order, the empty {@code copy} label left out. */
    private static String openMetrics(Labels labels) {
        return labels.name()
                + labels.asMap().entrySet().stream()
                        .filter(e ->
                                !e.getKey().equals(Labels.NAME) && !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                        .collect(Collectors.joining(",", "{", "}"));
    }

    private static void query(Path work, URI prometheus, int runs, int warmup) throws Exception {
        String[] range = Files.readString(work.resolve("range.txt"), StandardCharsets.UTF_8)
                .trim()
                .split(" ");
        // aligned to the step, as the UI (dashpanel.js) and Grafana align their requests
        long start = Long.parseLong(range[0]) / STEP_SECONDS * STEP_SECONDS;
        long end = Long.parseLong(range[1]) / STEP_SECONDS * STEP_SECONDS;
        TriadClient triad = TriadClient.fromRunFile(work.resolve("triad-data"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<Double> allTriad = new ArrayList<>();
        List<Double> allCold = new ArrayList<>();
        List<Double> allProm = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%d queries x %d runs (after %d warm-up runs), range %d..%d (%.1f h), step %d s%n",
                QUERIES.size(),
                runs,
                warmup,
                start,
                end,
                (end - start) / 3600.0,
                STEP_SECONDS);
        for (String q : QUERIES) {
            Map<String, String> params = Map.of(
                    "query", q,
                    "start", Long.toString(start),
                    "end", Long.toString(end),
                    "step", Long.toString(STEP_SECONDS));
            double[] t = new double[runs];
            double[] cold = new double[runs];
            double[] p = new double[runs];
            int[] triadShape = {};
            int[] coldShape = {};
            int[] promShape = {};
            for (int i = -warmup; i < runs; i++) {
                long a = System.nanoTime();
                byte[] tr = triad.getBytes("/prometheus/api/v1/query_range", params);
                long b = System.nanoTime();
                byte[] tc = triad.getBytes("/prometheus/api/v1/query_range", params, NO_STORE);
                long c = System.nanoTime();
                byte[] pr = prometheusGet(http, prometheus, params);
                long d = System.nanoTime();
                if (i >= 0) {
                    t[i] = (b - a) / 1e6;
                    cold[i] = (c - b) / 1e6;
                    p[i] = (d - c) / 1e6;
                    allTriad.add(t[i]);
                    allCold.add(cold[i]);
                    allProm.add(p[i]);
                }
                triadShape = shape(tr);
                coldShape = shape(tc);
                promShape = shape(pr);
                if (!Arrays.equals(tr, tc)) {
                    throw new IllegalStateException("the cached and the fresh answer of " + q + " differ");
                }
            }
            Percentiles tp = new Percentiles(t);
            Percentiles cp = new Percentiles(cold);
            Percentiles pp = new Percentiles(p);
            System.out.printf(
                    Locale.ROOT,
                    "%-90s triad cached p50 %6.1f p99 %6.1f | no-store p50 %6.1f p99 %6.1f | prometheus p50 %6.1f p99"
                            + " %6.1f ms | series/points %d/%d, %d/%d vs %d/%d%n",
                    q,
                    tp.at(50),
                    tp.at(99),
                    cp.at(50),
                    cp.at(99),
                    pp.at(50),
                    pp.at(99),
                    triadShape[0],
                    triadShape[1],
                    coldShape[0],
                    coldShape[1],
                    promShape[0],
                    promShape[1]);
        }
        Percentiles tAll = new Percentiles(
                allTriad.stream().mapToDouble(Double::doubleValue).toArray());
        Percentiles cAll = new Percentiles(
                allCold.stream().mapToDouble(Double::doubleValue).toArray());
        Percentiles pAll = new Percentiles(
                allProm.stream().mapToDouble(Double::doubleValue).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %16s %16s %8s%n", "figure", "triad", "prometheus", "bar");
        System.out.printf(
                Locale.ROOT,
                "%-58s %16s %16s %8s%n",
                "dashboard query_range ms p50 / p99 (HTTP, results cache)",
                String.format(Locale.ROOT, "%.1f / %.1f", tAll.at(50), tAll.at(99)),
                String.format(Locale.ROOT, "%.1f / %.1f", pAll.at(50), pAll.at(99)),
                tAll.at(99) <= 100 ? "PASS" : "FAIL");
        System.out.printf(
                Locale.ROOT,
                "%-58s %16s %16s%n",
                "the same, every step evaluated (Cache-Control: no-store)",
                String.format(Locale.ROOT, "%.1f / %.1f", cAll.at(50), cAll.at(99)),
                String.format(Locale.ROOT, "%.1f / %.1f", pAll.at(50), pAll.at(99)));
        System.out.printf(
                Locale.ROOT,
                "%-58s %16.2f%n",
                "ratio of medians triad / prometheus (cached)",
                tAll.at(50) / pAll.at(50));
        System.out.printf(
                Locale.ROOT,
                "%-58s %16.2f%n",
                "ratio of medians triad / prometheus (no-store)",
                cAll.at(50) / pAll.at(50));
    }

    private static byte[] prometheusGet(HttpClient http, URI base, Map<String, String> params)
            throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = base.resolve("/api/v1/query_range?" + query);
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": expected status 200, got " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    /** The number of series and of points of a matrix answer. */
    private static int[] shape(byte[] body) throws IOException {
        JsonNode result = JSON.readTree(body).path("data").path("result");
        int points = 0;
        for (JsonNode s : result) {
            points += s.path("values").size();
        }
        return new int[] {result.size(), points};
    }
}
