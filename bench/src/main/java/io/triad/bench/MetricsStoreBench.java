package io.triad.bench;

import io.triad.metrics.model.LabelMatcher;
import io.triad.metrics.model.SeriesData;
import io.triad.metrics.store.AppendResult;
import io.triad.metrics.store.Sample;
import io.triad.metrics.store.SeriesStore;
import io.triad.metrics.store.StoreConfig;
import io.triad.metrics.store.StoreStats;
import io.triad.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
    private static final long STEP_MS = HostSeries.STEP_MS;
    private static final long T0 = HostSeries.T0;

    private MetricsStoreBench() {}

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
            MutableClock clock = new MutableClock(HostSeries.T0);
            HostSeries.Generator g = new HostSeries.Generator(hosts, seriesPerHost, jitter);
            List<Sample> batch = new ArrayList<>(hosts * seriesPerHost);
            long start = System.nanoTime();
            try (SeriesStore store = SeriesStore.open(storeDir, StoreConfig.defaults(), clock)) {
                for (long k = 0; k < steps; k++) {
                    clock.set(T0 + k * STEP_MS);
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
        MutableClock clock = new MutableClock(HostSeries.T0);
        clock.set(T0 + steps * STEP_MS);
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
        HostSeries.Generator g = new HostSeries.Generator(hosts, seriesPerHost, jitter);
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
