package io.triad.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Step b of {@code bench/ingest.sh}: sends the event file to a running Triad's syslog TCP input and waits until every
 * event is indexed and searchable.
 *
 * <p>Sustained events/s = events / (first byte sent .. the moment {@code indexer.indexedPosition} reached the event
 * count and an exact count of {@code *:*} over the file's time range returned it). {@code /api/v1/health} is polled
 * every 250 ms, which also samples the heap; the peak resident set is read from {@code /proc/<pid>/status}.
 *
 * <p>Exact counts come from {@code /search/histogram} (its total counts every hit); {@code /search}'s total is exact
 * only up to 10,000 and is recorded beside it.
 */
final class TriadIngestRun {
    private static final long POLL_MILLIS = 250;
    private static final long STALL_MILLIS = 180_000;

    private TriadIngestRun() {}

    /** {@code TriadIngestRun DATA_DIR EVENT_FILE CONNECTIONS RESULT_FILE}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TriadIngestRun DATA_DIR EVENT_FILE CONNECTIONS RESULT_FILE");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path file = Path.of(args[1]);
        int connections = Integer.parseInt(args[2]);
        Path resultFile = Path.of(args[3]);
        EventFileMeta meta = EventFileMeta.read(file);
        TriadClient triad = TriadClient.fromRunFile(data);
        Map<String, String> range = Map.of(
                "q", "*:*",
                "from", Instant.ofEpochMilli(meta.firstMillis() - 60_000).toString(),
                "to", Instant.ofEpochMilli(meta.lastMillis() + 60_000).toString());

        AtomicReference<TcpFileSender.Result> sent = new AtomicReference<>();
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Thread sender = new Thread(
                () -> {
                    try {
                        sent.set(new TcpFileSender()
                                .send(new InetSocketAddress("127.0.0.1", triad.port("syslog-tcp")), file, connections));
                    } catch (Exception e) {
                        sendFailure.set(e);
                    }
                },
                "send");
        sender.start();

        long peakHeap = 0;
        long heapMax = 0;
        long indexed = 0;
        long journal = 0;
        long lastProgressNanos = System.nanoTime();
        long indexedNanos = 0;
        int samples = 0;
        while (true) {
            Thread.sleep(POLL_MILLIS);
            JsonNode h = triad.get("/api/v1/health", Map.of());
            samples++;
            peakHeap = Math.max(peakHeap, h.path("heapUsedBytes").asLong());
            heapMax = h.path("heapMaxBytes").asLong();
            long ix = h.path("indexer").path("indexedPosition").asLong();
            journal = h.path("journal").path("lastPosition").asLong();
            if (ix != indexed) {
                indexed = ix;
                lastProgressNanos = System.nanoTime();
            }
            Throwable f = sendFailure.get();
            if (f != null) {
                throw new IOException("sending failed after " + indexed + " events were indexed", f);
            }
            if (indexed >= meta.events()) {
                indexedNanos = System.nanoTime();
                break;
            }
            if (System.nanoTime() - lastProgressNanos > STALL_MILLIS * 1_000_000) {
                throw new IOException("indexing stalled: indexedPosition " + indexed + " of the expected "
                        + meta.events() + " for " + STALL_MILLIS / 1000 + " s; journal lastPosition " + journal
                        + "; health: " + h);
            }
        }
        sender.join();
        // Searchable: an exact count of everything in the file's time range equals the event count.
        long exact;
        while (true) {
            exact = triad.get("/api/v1/search/histogram", range).path("total").asLong();
            if (exact >= meta.events() || System.nanoTime() - indexedNanos > 30_000_000_000L) {
                break;
            }
            JsonNode h = triad.get("/api/v1/health", Map.of());
            peakHeap = Math.max(peakHeap, h.path("heapUsedBytes").asLong());
            Thread.sleep(20);
        }
        long doneNanos = System.nanoTime();
        JsonNode search = triad.get(
                "/api/v1/search", Map.of("q", "*:*", "from", range.get("from"), "to", range.get("to"), "limit", "1"));
        TcpFileSender.Result s = sent.get();
        if (s == null) {
            throw new IllegalStateException("the sender finished without a result");
        }
        double seconds = (doneNanos - s.firstByteNanos()) / 1e9;
        double sendSeconds = (s.lastByteNanos() - s.firstByteNanos()) / 1e9;
        long hwm = triad.peakResidentBytes();
        new ResultFile()
                .put("triad.events", meta.events())
                .put("triad.bytesSent", s.bytes())
                .put("triad.seconds", seconds)
                .put("triad.sendSeconds", sendSeconds)
                .put("triad.indexedSeconds", (indexedNanos - s.firstByteNanos()) / 1e9)
                .put("triad.eventsPerSecond", meta.events() / seconds)
                .put("triad.indexedPosition", indexed)
                .put("triad.journalLastPosition", journal)
                .put("triad.exactCount", exact)
                .put("triad.searchTotal", search.path("total").asLong())
                .put(
                        "triad.searchTotalIsLowerBound",
                        search.path("total_is_lower_bound").asBoolean())
                .put("triad.peakHeapBytes", peakHeap)
                .put("triad.heapMaxBytes", heapMax)
                .put("triad.heapSamples", samples)
                .put("triad.vmHwmBytes", hwm)
                .write(resultFile);
        System.err.printf(
                Locale.ROOT,
                "triad: %d events sent in %.1f s, indexed in %.1f s, searchable (exact count %d) after %.1f s: %.0f events/s%n",
                meta.events(),
                sendSeconds,
                (indexedNanos - s.firstByteNanos()) / 1e9,
                exact,
                seconds,
                meta.events() / seconds);
        if (exact != meta.events() || indexed != meta.events()) {
            System.err.printf(
                    Locale.ROOT,
                    "triad: WRONG COUNT: expected %d events; indexedPosition %d, journal %d, exact search count %d%n",
                    meta.events(),
                    indexed,
                    journal,
                    exact);
        }
    }
}
