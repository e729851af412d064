package io.triad.bench;

import java.io.IOException;
import java.net.URI;
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
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log replication between the two data sites of a three-process cluster on loopback ({@link ReplicationCluster}),
 * NDJSON over HTTP into site-a, its input acknowledging with the default policy {@code both}:
 *
 * <ol>
 *   <li>ingest throughput with replication on and, in a second cluster of the same run, off (ack local): the median
 *       of ROUNDS rounds of EVENTS events sent as fast as acknowledged, and their ratio (bar >= 0.7);
 *   <li>at half the replicated maximum, for LAG_SECONDS: the replication delay p99 on site-b (its histogram {@code
 *       triad_replication_delay_seconds}, from an event's receipt on site-a to its fsync on site-b; bar <= 200 ms),
 *       beside the requests' latency with both-acks and, in the second cluster, with local acks at the same rate;
 *   <li>resync: site-b killed with {@code kill -9} for OUTAGE_SECONDS while site-a goes on taking the same rate, then
 *       started again: the backlog, the time to clear it, the rate (events/s, MiB/s received) beside the maximum
 *       ingest rate, and the live requests' latency during the catch-up; at the end site-b holds every event of
 *       site-a (RPO 0: the same highest sequence, no gap counted).
 * </ol>
 *
 * Arguments: work directory, the appliance's lib directory, java, its options, EVENTS, ROUNDS, LAG_SECONDS,
 * OUTAGE_SECONDS, PIN (1: the data sites on their own cores).
 */
public final class ReplicationBench {
    private static final int BATCH = 500;
    private static final int THREADS = Integer.getInteger("triad.bench.clients", 16);
    private static final Pattern BUCKET = Pattern.compile(
            "^triad_replication_delay_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)", Pattern.MULTILINE);
    private static final Pattern RECEIVED =
            Pattern.compile("^triad_replication_received_bytes_total\\{[^}]*} ([0-9.eE+-]+)", Pattern.MULTILINE);
    private static final Pattern GAPS =
            Pattern.compile("^triad_replication_gaps_records_total\\{[^}]*} ([0-9.eE+-]+)", Pattern.MULTILINE);

    private ReplicationBench() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path dist = Path.of(args[1]);
        String java = args[2];
        List<String> jvmOpts = Arrays.stream(args[3].trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
        int events = Integer.parseInt(args[4]);
        int rounds = Integer.parseInt(args[5]);
        int lagSeconds = Integer.parseInt(args[6]);
        int outageSeconds = Integer.parseInt(args[7]);
        boolean pin = args[8].equals("1");
        List<String> triad = new ArrayList<>();
        triad.add(java);
        triad.addAll(jvmOpts);
        triad.addAll(List.of("-Xmx1g", "-cp", dist.resolve("*").toString(), "io.triad.appliance.Main"));
        Properties results = new Properties();
        say("EVENTS=" + events + " ROUNDS=" + rounds + " LAG_SECONDS=" + lagSeconds + " OUTAGE_SECONDS=" + outageSeconds
                + " PIN=" + pin + " (batches of " + BATCH + " events, " + THREADS + " clients)");

        // 1-3 with replication on
        double onRate;
        double onIndexed;
        double offIndexed;
        double rate;
        Latency onLatency;
        double lagP99;
        double lagP50;
        try (ReplicationCluster on = ReplicationCluster.start(work.resolve("on"), triad, true, pin)) {
            URI ingest = on.ingest(ReplicationCluster.A);
            new Load(ingest, THREADS, 0).run(Math.min(events, 50_000), Duration.ofMinutes(5)); // warm-up
            double[] r = maxRate(on, ingest, events, rounds, "on");
            onRate = r[0];
            onIndexed = r[1];
            rate = onRate / 2;
            String before = on.metrics(ReplicationCluster.B);
            onLatency = new Load(ingest, THREADS, rate).run(Integer.MAX_VALUE, Duration.ofSeconds(lagSeconds));
            String after = on.metrics(ReplicationCluster.B);
            Map<Double, Double> delta = delta(buckets(before), buckets(after));
            lagP99 = quantile(delta, 0.99) * 1000;
            lagP50 = quantile(delta, 0.50) * 1000;
            say(String.format(
                    Locale.ROOT,
                    "at %.0f events/s for %d s: replication delay p50 %.1f ms, p99 %.1f ms (%d events); both-ack"
                            + " requests p50 %.1f ms, p99 %.1f ms",
                    rate,
                    lagSeconds,
                    lagP50,
                    lagP99,
                    (long) total(delta),
                    onLatency.p(50),
                    onLatency.p(99)));
            resync(on, ingest, rate, outageSeconds, onRate, results);
        }
        // the same with replication off
        double offRate;
        Latency offLatency;
        try (ReplicationCluster off = ReplicationCluster.start(work.resolve("off"), triad, false, pin)) {
            URI ingest = off.ingest(ReplicationCluster.A);
            new Load(ingest, THREADS, 0).run(Math.min(events, 50_000), Duration.ofMinutes(5));
            double[] r = maxRate(off, ingest, events, rounds, "off");
            offRate = r[0];
            offIndexed = r[1];
            offLatency = new Load(ingest, THREADS, rate).run(Integer.MAX_VALUE, Duration.ofSeconds(lagSeconds));
        }
        double ratio = onRate / offRate;
        say(String.format(
                Locale.ROOT,
                "RESULT ingest: replication on %.0f events/s, off %.0f events/s: ratio %.2f (bar >= 0.70: %s)",
                onRate,
                offRate,
                ratio,
                ratio >= 0.7 ? "PASS" : "FAIL"));
        say(String.format(
                Locale.ROOT,
                "RESULT ingest until indexed on site-a (as bench/ingest.sh): replication on %.0f events/s, off %.0f"
                        + " events/s: ratio %.2f",
                onIndexed,
                offIndexed,
                onIndexed / offIndexed));
        say(String.format(
                Locale.ROOT,
                "RESULT lag at %.0f events/s (half the replicated maximum): p99 %.1f ms, p50 %.1f ms (bar p99 <= 200"
                        + " ms: %s); requests p99 with both-acks %.1f ms, with local acks (replication off) %.1f ms",
                rate,
                lagP99,
                lagP50,
                lagP99 <= 200 ? "PASS" : "FAIL",
                onLatency.p(99),
                offLatency.p(99)));
        results.setProperty("ingest.on.eventsPerSecond", fmt(onRate));
        results.setProperty("ingest.off.eventsPerSecond", fmt(offRate));
        results.setProperty("ingest.ratio", fmt(ratio));
        results.setProperty("indexed.on.eventsPerSecond", fmt(onIndexed));
        results.setProperty("indexed.off.eventsPerSecond", fmt(offIndexed));
        results.setProperty("indexed.ratio", fmt(onIndexed / offIndexed));
        results.setProperty("lag.rate", fmt(rate));
        results.setProperty("lag.p99.ms", fmt(lagP99));
        results.setProperty("lag.p50.ms", fmt(lagP50));
        results.setProperty("request.both.p99.ms", fmt(onLatency.p(99)));
        results.setProperty("request.local.p99.ms", fmt(offLatency.p(99)));
        try (var out = Files.newBufferedWriter(work.resolve("results.properties"), StandardCharsets.UTF_8)) {
            results.store(out, "bench/replication.sh");
        }
        say("results in " + work.resolve("results.properties"));
    }

    /**
     * The medians of {@code rounds} rounds: acknowledged events per second, and events per second until site-a's
     * indexer had indexed them all (its health's {@code indexer.lag} 0), as {@code bench/ingest.sh} counts.
     */
    private static double[] maxRate(ReplicationCluster cluster, URI ingest, int events, int rounds, String label)
            throws InterruptedException, IOException {
        double[] rates = new double[rounds];
        double[] indexed = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            Latency l = new Load(ingest, THREADS, 0).run(events, Duration.ofMinutes(30));
            rates[i] = l.acked() / l.seconds();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() - deadline < 0) {
                var h = cluster.get(ReplicationCluster.A, "/api/v1/health");
                if (h.isPresent() && h.get().path("indexer").path("lag").asLong(-1) == 0) {
                    break;
                }
                Thread.sleep(50);
            }
            indexed[i] = l.acked() / ((System.nanoTime() - start) / 1e9);
            say(String.format(
                    Locale.ROOT,
                    "replication %s, round %d: %d events acknowledged in %.1f s: %.0f events/s (requests p99 %.1f ms,"
                            + " %d failed); all indexed on site-a: %.0f events/s",
                    label,
                    i + 1,
                    l.acked(),
                    l.seconds(),
                    rates[i],
                    l.p(99),
                    l.failed(),
                    indexed[i]));
        }
        Arrays.sort(rates);
        Arrays.sort(indexed);
        return new double[] {rates[rounds / 2], indexed[rounds / 2]};
    }

    private static void resync(
            ReplicationCluster on, URI ingest, double rate, int outageSeconds, double maxRate, Properties results)
            throws Exception {
        say("killing site-b (kill -9) for " + outageSeconds + " s while site-a takes " + Math.round(rate)
                + " events/s ...");
        on.kill(ReplicationCluster.B);
        Latency outage = new Load(ingest, THREADS, rate).run(Integer.MAX_VALUE, Duration.ofSeconds(outageSeconds));
        say(String.format(
                Locale.ROOT,
                "outage: %d events acknowledged by site-a alone (requests p99 %.1f ms, max %.1f ms: both-acks wait"
                        + " until the cluster declares site-b down)",
                outage.acked(),
                outage.p(99),
                outage.p(100)));
        // site-b returns while the live load goes on
        AtomicBoolean stop = new AtomicBoolean();
        Load live = new Load(ingest, THREADS, rate);
        Thread liveThread = new Thread(() -> {
            try {
                live.runUntil(stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        liveThread.start();
        long aAtRestart = on.replication(ReplicationCluster.A)
                .orElseThrow()
                .path("localSeq")
                .asLong();
        on.launch(ReplicationCluster.B);
        long launched = System.nanoTime();
        // site-b pulls before its web server answers: its health reports the catch-up it measured, from its connect
        // until it held every event of site-a that was missing then
        long backlog = 0;
        long catchUpMillis = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() - deadline < 0) {
            var b = on.replication(ReplicationCluster.B);
            if (b.isPresent() && b.get().path("lastCatchUp").has("events")) {
                backlog = b.get().path("lastCatchUp").path("events").asLong();
                catchUpMillis = b.get().path("lastCatchUp").path("millis").asLong();
                break;
            }
            Thread.sleep(100);
        }
        long caughtUp = System.nanoTime();
        double receivedAtCaughtUp = sum(RECEIVED, on.metrics(ReplicationCluster.B)); // counts from the restart
        stop.set(true);
        liveThread.join();
        Latency during = live.latency();
        if (backlog == 0) {
            throw new IOException("site-b reported no catch-up within 30 min");
        }
        on.awaitReady(ReplicationCluster.B, true, Duration.ofSeconds(60));
        // RPO: site-b ends with every event of site-a, no gap
        long aSeq = 0;
        long bHeld = -1;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - end < 0) {
            aSeq = on.replication(ReplicationCluster.A)
                    .orElseThrow()
                    .path("localSeq")
                    .asLong();
            bHeld = on.replication(ReplicationCluster.B)
                    .orElseThrow()
                    .path("heldSeq")
                    .asLong();
            if (aSeq == bHeld) {
                break;
            }
            Thread.sleep(100);
        }
        String bMetrics = on.metrics(ReplicationCluster.B);
        double gaps = sum(GAPS, bMetrics);
        double seconds = catchUpMillis / 1e3;
        double resyncRate = backlog / seconds;
        say(String.format(
                Locale.ROOT,
                "RESULT resync after a %d s outage: backlog %d events (site-a at %d at the restart), cleared in %.1f s"
                        + " from the reconnect: %.0f events/s (%.1f MiB/s received from the restart until its health"
                        + " answered, %.1f s; the maximum ingest rate: %.0f events/s, %.2fx); live requests during the"
                        + " catch-up p99 %.1f ms; RPO: site-b holds site-a's events up to %d of %d, %s gaps",
                outageSeconds,
                backlog,
                aAtRestart,
                seconds,
                resyncRate,
                receivedAtCaughtUp / (1 << 20) / ((caughtUp - launched) / 1e9),
                (caughtUp - launched) / 1e9,
                maxRate,
                resyncRate / maxRate,
                during.p(99),
                bHeld,
                aSeq,
                fmt(gaps)));
        results.setProperty("resync.outageSeconds", Integer.toString(outageSeconds));
        results.setProperty("resync.backlog", Long.toString(backlog));
        results.setProperty("resync.seconds", fmt(seconds));
        results.setProperty("resync.eventsPerSecond", fmt(resyncRate));
        results.setProperty("resync.liveP99.ms", fmt(during.p(99)));
        results.setProperty("resync.rpo.missing", Long.toString(aSeq - bHeld));
        results.setProperty("resync.gaps", fmt(gaps));
    }

    // --- the load

    /** What a load's requests took. */
    record Latency(long acked, long failed, double seconds, double[] millis) {
        double p(double p) {
            return millis.length == 0 ? Double.NaN : new Percentiles(millis).at(p);
        }
    }

    /**
     * {@code threads} clients posting NDJSON batches of {@value #BATCH} events, as fast as they are acknowledged
     * ({@code rate} 0) or paced to {@code rate} events per second in all.
     */
    static final class Load {
        private final URI url;
        private final int threads;
        private final double rate;
        private final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final AtomicLong next = new AtomicLong();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        private long startNanos;
        private long endNanos;

        Load(URI url, int threads, double rate) {
            this.url = url;
            this.threads = threads;
            this.rate = rate;
        }

        /** Sends until {@code events} are acknowledged or {@code within} has passed. */
        Latency run(long events, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            AtomicBoolean stop = new AtomicBoolean();
            Thread watch = new Thread(() -> {
                while (acked.get() < events && System.nanoTime() - deadline < 0) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        break;
                    }
                }
                stop.set(true);
            });
            watch.start();
            runUntil(stop);
            watch.join();
            return latency();
        }

        void runUntil(AtomicBoolean stop) throws InterruptedException {
            startNanos = System.nanoTime();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int client = t;
                Thread c = new Thread(() -> send(client, stop));
                c.start();
                clients.add(c);
            }
            for (Thread c : clients) {
                c.join();
            }
            endNanos = System.nanoTime();
        }

        Latency latency() {
            double[] m = millis.stream().mapToDouble(Double::doubleValue).toArray();
            return new Latency(acked.get(), failed.get(), (endNanos - startNanos) / 1e9, m);
        }

        private void send(int client, AtomicBoolean stop) {
            // paced: each client sends a batch every threads * BATCH / rate seconds, on a fixed schedule
            long interval = rate > 0 ? (long) (threads * BATCH / rate * 1e9) : 0;
            long due = System.nanoTime() + (interval > 0 ? interval * client / threads : 0);
            while (!stop.get()) {
                if (interval > 0) {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    due += interval;
                }
                StringBuilder body = new StringBuilder(BATCH * 140);
                for (int i = 0; i < BATCH; i++) {
                    long n = next.getAndIncrement();
                    body.append("{\"host\":\"eap-")
                            .append(n % 10)
                            .append("\",\"component\":\"EAP\",\"severity\":6,\"message\":\"bench event n")
                            .append(n)
                            .append(" badge ")
                            .append(10_000 + n % 90_000)
                            .append(" door-0")
                            .append(n % 50)
                            .append(" access granted\"}\n");
                }
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(url)
                                    .timeout(Duration.ofSeconds(60))
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        acked.addAndGet(BATCH);
                        millis.add((System.nanoTime() - t0) / 1e6);
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    // --- the delay histogram

    /** Cumulative counts by upper bound, summed over the series (one peer). */
    static Map<Double, Double> buckets(String exposition) {
        Map<Double, Double> out = new TreeMap<>();
        Matcher m = BUCKET.matcher(exposition);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            out.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return out;
    }

    static Map<Double, Double> delta(Map<Double, Double> before, Map<Double, Double> after) {
        Map<Double, Double> out = new TreeMap<>();
        after.forEach((le, c) -> out.put(le, c - before.getOrDefault(le, 0.0)));
        return out;
    }

    static double total(Map<Double, Double> cumulative) {
        return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
    }

    /** The q-quantile, linear within the bucket it falls in (as PromQL's histogram_quantile). */
    static double quantile(Map<Double, Double> cumulative, double q) {
        double total = total(cumulative);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                if (e.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = e.getValue() - lowerCount;
                return inBucket <= 0
                        ? e.getKey()
                        : lowerBound + (e.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = e.getKey();
            lowerCount = e.getValue();
        }
        return lowerBound;
    }

    private static double sum(Pattern p, String exposition) {
        double s = 0;
        Matcher m = p.matcher(exposition);
        while (m.find()) {
            s += Double.parseDouble(m.group(1));
        }
        return s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static void say(String line) {
        System.out.println("bench: " + java.time.LocalTime.now().withNano(0) + " " + line);
    }
}
