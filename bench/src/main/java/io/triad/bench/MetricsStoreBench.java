package io.triad.bench;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.Labels;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.store.AppendResult;
import io.triad.metrics.store.Sample;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import io.triad.metrics.store.StoreStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The metrics store's figures on realistic host series, beside their baselines measured in the same run: samples/s
 * appended (median of RUNS fresh stores, until the last checkpoint has written everything to H2) against writing the
 * same samples raw (16 bytes: long + double) to a plain file; bytes per sample in chunks, with rollups, and on disk
 * (H2 file + log) against the raw 16; p50/p99 of selecting one metric of every host (HOSTS series) over the whole
 * range, raw and at one-minute resolution.
 *
 * <p>Usage: {@code MetricsStoreBench DIR [HOSTS] [SERIES_PER_HOST] [HOURS] [RUNS] [QUERIES] [JITTER_PERCENT]}; defaults
 * 200 hosts, 50 series per host, 24 hours at 10 s, 3 runs, 50 queries, 2 % of samples a few ms late.
 *
 * <p>The hosts report like OSHI on a 10 s schedule: CPU tick counters, load averages and busy % (two and one
 * decimals), memory and swap in 4 KiB pages, pressure stall averages (mostly 0), file system and inode free space that
 * moves slowly, disk and network byte and operation counters, error counters that rarely move, descriptor and process
 * counts. Each host's schedule has its own phase.
 */
public final class MetricsStoreBench {
    private static final long STEP_MS = 10_000;
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z

    private MetricsStoreBench() {}

    /** What kind of value a series carries, and how it moves every 10 s. */
    private enum Kind {
        COUNTER_FAST, // bytes, ticks: large increments every step
        COUNTER_SLOW, // operations: small increments
        COUNTER_RARE, // errors: almost never move
        GAUGE_PAGES, // memory in 4 KiB pages, moves a little every step
        GAUGE_SLOW, // free disk space, inodes: moves sometimes
        GAUGE_DECIMAL2, // load average: two decimals
        PRESSURE, // PSI avg10: two decimals, 0.00 while nothing stalls (90 % of the steps here)
        GAUGE_PERCENT1, // CPU busy: one decimal
        GAUGE_INT, // descriptors, processes: small integer changes
        CONSTANT // totals and limits
    }

    private record SeriesDef(String name, String extraLabel, String extraValue, Kind kind) {}

    private static List<SeriesDef> hostModel() {
        List<SeriesDef> m = new ArrayList<>();
        for (String mode : List.of("user", "system", "idle", "iowait", "steal", "softirq", "nice")) {
            m.add(new SeriesDef(
                    "node_cpu_seconds_total",
                    "mode",
                    mode,
                    mode.equals("user") || mode.equals("system") || mode.equals("idle")
                            ? Kind.COUNTER_FAST
                            : Kind.COUNTER_SLOW));
        }
        m.add(new SeriesDef("node_cpu_busy_percent", "", "", Kind.GAUGE_PERCENT1));
        for (String l : List.of("node_load1", "node_load5", "node_load15")) {
            m.add(new SeriesDef(l, "", "", Kind.GAUGE_DECIMAL2));
        }
        m.add(new SeriesDef("node_memory_total_bytes", "", "", Kind.CONSTANT));
        m.add(new SeriesDef("node_memory_available_bytes", "", "", Kind.GAUGE_PAGES));
        m.add(new SeriesDef("node_memory_cached_bytes", "", "", Kind.GAUGE_PAGES));
        m.add(new SeriesDef("node_memory_swap_total_bytes", "", "", Kind.CONSTANT));
        m.add(new SeriesDef("node_memory_swap_used_bytes", "", "", Kind.GAUGE_SLOW));
        for (String r : List.of("cpu", "memory", "io")) {
            m.add(new SeriesDef("node_pressure_some_avg10", "resource", r, Kind.PRESSURE));
        }
        for (String fs : List.of("/", "/var/lib/triad")) {
            m.add(new SeriesDef("node_filesystem_size_bytes", "mountpoint", fs, Kind.CONSTANT));
            m.add(new SeriesDef("node_filesystem_free_bytes", "mountpoint", fs, Kind.GAUGE_SLOW));
            m.add(new SeriesDef("node_filesystem_files", "mountpoint", fs, Kind.CONSTANT));
            m.add(new SeriesDef("node_filesystem_files_free", "mountpoint", fs, Kind.GAUGE_SLOW));
        }
        for (String d : List.of("sda", "sdb")) {
            m.add(new SeriesDef("node_disk_read_bytes_total", "device", d, Kind.COUNTER_FAST));
            m.add(new SeriesDef("node_disk_written_bytes_total", "device", d, Kind.COUNTER_FAST));
            m.add(new SeriesDef("node_disk_reads_completed_total", "device", d, Kind.COUNTER_SLOW));
            m.add(new SeriesDef("node_disk_writes_completed_total", "device", d, Kind.COUNTER_SLOW));
            m.add(new SeriesDef("node_disk_io_time_seconds_total", "device", d, Kind.COUNTER_SLOW));
        }
        for (String n : List.of("eth0", "eth1")) {
            m.add(new SeriesDef("node_network_receive_bytes_total", "device", n, Kind.COUNTER_FAST));
            m.add(new SeriesDef("node_network_transmit_bytes_total", "device", n, Kind.COUNTER_FAST));
            m.add(new SeriesDef("node_network_receive_packets_total", "device", n, Kind.COUNTER_SLOW));
            m.add(new SeriesDef("node_network_transmit_packets_total", "device", n, Kind.COUNTER_SLOW));
            m.add(new SeriesDef("node_network_receive_errs_total", "device", n, Kind.COUNTER_RARE));
        }
        m.add(new SeriesDef("node_filefd_allocated", "", "", Kind.GAUGE_INT));
        m.add(new SeriesDef("node_filefd_maximum", "", "", Kind.CONSTANT));
        m.add(new SeriesDef("node_procs_running", "", "", Kind.GAUGE_INT));
        m.add(new SeriesDef("node_processes", "", "", Kind.GAUGE_INT));
        return m;
    }

    /** Generates the samples of every host, step by step, deterministically from a seed. */
    private static final class Generator {
        final Labels[] labels;
        final Kind[] kinds;
        final double[] state;
        final long[] phase;
        final int seriesPerHost;
        final int jitterPermille;
        final SplittableRandom random = new SplittableRandom(42);

        Generator(int hosts, int seriesPerHost, double jitterPercent) {
            List<SeriesDef> model = hostModel();
            this.seriesPerHost = seriesPerHost;
            this.jitterPermille = (int) Math.round(jitterPercent * 10);
            int n = hosts * seriesPerHost;
            labels = new Labels[n];
            kinds = new Kind[n];
            state = new double[n];
            phase = new long[hosts];
            for (int h = 0; h < hosts; h++) {
                phase[h] = (h * 37L) % STEP_MS;
                for (int s = 0; s < seriesPerHost; s++) {
                    SeriesDef d = model.get(s % model.size());
                    int i = h * seriesPerHost + s;
                    String host = String.format(Locale.ROOT, "host-%03d", h);
                    String site = h % 2 == 0 ? "site-a" : "site-b";
                    String copy = s < model.size() ? "" : Integer.toString(s / model.size());
                    labels[i] = d.extraLabel().isEmpty()
                            ? Labels.of("__name__", d.name(), "host", host, "site", site, "copy", copy)
                            : Labels.of(
                                    "__name__",
                                    d.name(),
                                    "host",
                                    host,
                                    "site",
                                    site,
                                    d.extraLabel(),
                                    d.extraValue(),
                                    "copy",
                                    copy);
                    kinds[i] = d.kind();
                    state[i] = switch (d.kind()) {
                        case CONSTANT -> 1L << (33 + random.nextInt(6));
                        case GAUGE_PAGES, GAUGE_SLOW -> 4096L * random.nextInt(1 << 20, 1 << 22);
                        case GAUGE_INT -> random.nextInt(50, 5000);
                        default -> random.nextInt(1_000_000);
                    };
                }
            }
        }

        /** Fills {@code out} with every series' sample of step {@code k}. */
        void step(long k, List<Sample> out) {
            out.clear();
            SplittableRandom r = random;
            for (int i = 0; i < labels.length; i++) {
                int host = i / seriesPerHost;
                long ts = T0 + k * STEP_MS + phase[host];
                if (jitterPermille > 0 && r.nextInt(1000) < jitterPermille) {
                    ts += r.nextInt(1, 25);
                }
                double v = state[i];
                v = switch (kinds[i]) {
                    case COUNTER_FAST -> v + r.nextInt(50_000, 5_000_000);
                    case COUNTER_SLOW -> v + r.nextInt(0, 400);
                    case COUNTER_RARE -> v + (r.nextInt(2000) == 0 ? 1 : 0);
                    case GAUGE_PAGES -> Math.max(0, v + 4096.0 * r.nextInt(-64, 65));
                    case GAUGE_SLOW -> v + (r.nextInt(20) == 0 ? 4096.0 * r.nextInt(-256, 257) : 0);
                    case GAUGE_DECIMAL2 -> Math.max(0, Math.round((v > 100 ? 1 : v) * 100 + r.nextInt(-8, 9)) / 100.0);
                    case PRESSURE -> r.nextInt(10) == 0 ? r.nextInt(1, 500) / 100.0 : 0.0;
                    case GAUGE_PERCENT1 ->
                        Math.round(Math.min(100, Math.max(0, (v > 100 ? 20 : v) + r.nextGaussian() * 3)) * 10) / 10.0;
                    case GAUGE_INT -> Math.max(0, v + (r.nextInt(3) == 0 ? r.nextInt(-3, 4) : 0));
                    case CONSTANT -> v;
                };
                state[i] = v;
                out.add(new Sample(labels[i], ts, v));
            }
        }
    }

    /** A clock the bench moves with the generated time, so idle heads and checkpoints behave as in real time. */
    private static final class SteppedClock extends Clock {
        private volatile long millis = T0;

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int hosts = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seriesPerHost = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        double hours = args.length > 3 ? Double.parseDouble(args[3]) : 24;
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int queries = args.length > 5 ? Integer.parseInt(args[5]) : 50;
        double jitter = args.length > 6 ? Double.parseDouble(args[6]) : 2.0;
        long steps = Math.round(hours * 3600_000 / STEP_MS);
        long samples = steps * hosts * seriesPerHost;
        System.out.printf(
                Locale.ROOT,
                "metrics store bench: %d hosts x %d series, %.1f h at 10 s (%d steps), %,d samples, %.1f %% jittered,"
                        + " %d runs%n",
                hosts,
                seriesPerHost,
                hours,
                steps,
                samples,
                jitter,
                runs);
        Files.createDirectories(dir);

        double[] storeRates = new double[runs];
        double[] rawRates = new double[runs];
        StoreStats stats = null;
        Path storeDir = dir.resolve("store");
        for (int run = 0; run < runs; run++) {
            rawRates[run] = rawBaseline(dir.resolve("raw.bin"), hosts, seriesPerHost, steps, jitter);
            deleteTree(storeDir);
            SteppedClock clock = new SteppedClock();
            Generator g = new Generator(hosts, seriesPerHost, jitter);
            List<Sample> batch = new ArrayList<>(hosts * seriesPerHost);
            long start = System.nanoTime();
            try (SeriesStore store = SeriesStore.open(storeDir, StoreConfig.defaults(), clock)) {
                for (long k = 0; k < steps; k++) {
                    clock.millis = T0 + k * STEP_MS;
                    g.step(k, batch);
                    AppendResult r = store.append(batch);
                    if (r.rejected() > 0) {
                        throw new IllegalStateException("step " + k + ": " + r);
                    }
                }
                long appended = System.nanoTime();
                store.checkpoint();
                long end = System.nanoTime();
                storeRates[run] = samples / ((end - start) / 1e9);
                stats = store.stats();
                System.out.printf(
                        Locale.ROOT,
                        "run %d: store %,.0f samples/s (appends %.1f s, last checkpoint %.1f s), raw file %,.0f"
                                + " samples/s%n",
                        run + 1,
                        storeRates[run],
                        (appended - start) / 1e9,
                        (end - appended) / 1e9,
                        rawRates[run]);
            }
        }
        Files.deleteIfExists(dir.resolve("raw.bin"));

        long h2Bytes = sizeOf(storeDir, ".mv.db");
        long walBytes = sizeOf(storeDir.resolve("wal"), ".wal");
        SteppedClock clock = new SteppedClock();
        clock.millis = T0 + steps * STEP_MS;
        double[] rawMs = new double[queries];
        double[] minuteMs = new double[queries];
        long rawPoints = 0;
        long minutePoints = 0;
        try (SeriesStore store = SeriesStore.open(storeDir, StoreConfig.defaults(), clock)) {
            List<LabelMatcher> m = List.of(LabelMatcher.eq("__name__", "node_cpu_busy_percent"));
            long to = T0 + steps * STEP_MS;
            for (int i = 0; i < 5; i++) {
                store.select(m, T0, to, 0);
                store.select(m, T0, to, 60_000);
            }
            for (int q = 0; q < queries; q++) {
                long t = System.nanoTime();
                List<SeriesData> raw = store.select(m, T0, to, 0);
                rawMs[q] = (System.nanoTime() - t) / 1e6;
                t = System.nanoTime();
                List<SeriesData> minute = store.select(m, T0, to, 60_000);
                minuteMs[q] = (System.nanoTime() - t) / 1e6;
                rawPoints = raw.stream().mapToLong(SeriesData::size).sum();
                minutePoints = minute.stream().mapToLong(SeriesData::size).sum();
            }
        }

        if (stats == null) {
            throw new IllegalArgumentException("RUNS must be >= 1; got: " + runs);
        }
        StoreStats s = stats;
        double chunkPerSample = (double) s.chunkBytesWritten() / s.chunkSamplesWritten();
        double rollupPerSample = (double) s.rollupBytesWritten() / s.chunkSamplesWritten();
        double diskPerSample = (double) (h2Bytes + walBytes) / samples;
        Percentiles rawP = new Percentiles(rawMs);
        Percentiles minP = new Percentiles(minuteMs);
        double storeMedian = median(storeRates);
        double rawMedian = median(rawRates);
        System.out.println();
        System.out.printf(Locale.ROOT, "%-46s %16s %16s %8s%n", "figure", "triad store", "baseline", "bar");
        System.out.printf(
                Locale.ROOT,
                "%-46s %,16.0f %,16.0f %8s%n",
                "append samples/s (median; baseline: raw file)",
                storeMedian,
                rawMedian,
                mark(storeMedian >= 1_000_000));
        System.out.printf(
                Locale.ROOT,
                "%-46s %16.3f %16.3f %8s%n",
                "bytes/sample in raw chunks (baseline: 16)",
                chunkPerSample,
                16.0,
                mark(chunkPerSample <= 2.0));
        System.out.printf(
                Locale.ROOT, "%-46s %16.3f %16s%n", "bytes/sample of minute+hour rollups", rollupPerSample, "-");
        System.out.printf(
                Locale.ROOT, "%-46s %16.3f %16.3f%n", "bytes/sample on disk (H2 file + log)", diskPerSample, 16.0);
        System.out.printf(
                Locale.ROOT,
                "%-46s %16s%n",
                "  H2 file / log bytes",
                String.format(Locale.ROOT, "%,d / %,d", h2Bytes, walBytes));
        System.out.printf(
                Locale.ROOT,
                "%-46s %16s %16s %8s%n",
                String.format(Locale.ROOT, "select %d series raw, ms p50/p99", hosts),
                String.format(Locale.ROOT, "%.1f / %.1f", rawP.at(50), rawP.at(99)),
                "-",
                mark(rawP.at(99) <= 100));
        System.out.printf(
                Locale.ROOT,
                "%-46s %16s%n",
                String.format(Locale.ROOT, "select %d series at 60 s, ms p50/p99", hosts),
                String.format(Locale.ROOT, "%.1f / %.1f", minP.at(50), minP.at(99)));
        System.out.printf(
                Locale.ROOT,
                "points per select: raw %,d, at 60 s %,d; chunks written %,d; checkpoints %d%n",
                rawPoints,
                minutePoints,
                s.chunksWritten(),
                s.checkpoints());
    }

    /** The same samples from the same generator written as long + double to a plain file (no fsync, no index). */
    private static double rawBaseline(Path file, int hosts, int seriesPerHost, long steps, double jitter)
            throws IOException {
        Generator g = new Generator(hosts, seriesPerHost, jitter);
        List<Sample> batch = new ArrayList<>(hosts * seriesPerHost);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        long start = System.nanoTime();
        long n = 0;
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long k = 0; k < steps; k++) {
                g.step(k, batch);
                for (Sample x : batch) {
                    if (buf.remaining() < 16) {
                        buf.flip();
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                        buf.clear();
                    }
                    buf.putLong(x.tsMillis()).putDouble(x.value());
                    n++;
                }
            }
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static String mark(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long sizeOf(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .toList()) {
                total += Files.size(p);
            }
        }
        return total;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
