package io.triad.bench;

import io.triad.metrics.model.Labels;
import io.triad.metrics.store.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic host series for the metrics benchmarks: hosts that report like OSHI on a 10 s schedule (CPU tick counters,
 * load averages and busy % with two and one decimals, memory in 4 KiB pages, pressure stall averages that are mostly 0,
 * slowly moving free space, disk and network counters, error counters that rarely move, descriptor and process
 * counts), each host with its own phase, deterministically from a seed.
 */
final class HostSeries {
    static final long STEP_MS = 10_000;
    static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00:00Z

    private HostSeries() {}

    /** What kind of value a series carries, and how it moves every 10 s. */
    enum Kind {
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

    record SeriesDef(String name, String extraLabel, String extraValue, Kind kind) {}

    /** The series of one host, in a fixed order (OSHI-like names). */
    static List<SeriesDef> hostModel() {
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
    static final class Generator {
        final Labels[] labels;
        final Kind[] kinds;
        final double[] state;
        final long[] phase;
        final int seriesPerHost;
        final int jitterPermille;
        final SplittableRandom random = new SplittableRandom(42);

        final long t0;

        Generator(int hosts, int seriesPerHost, double jitterPercent) {
            this(hostModel(), hosts, seriesPerHost, jitterPercent, T0);
        }

        /** Hosts that each report the first {@code seriesPerHost} series of {@code model} (cycled), from {@code t0}. */
        Generator(List<SeriesDef> model, int hosts, int seriesPerHost, double jitterPercent, long t0) {
            this.t0 = t0;
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
                long ts = t0 + k * STEP_MS + phase[host];
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
}
