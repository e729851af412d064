package io.triad.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConfig;
import io.triad.collector.model.LogEvent;
import io.triad.collector.model.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Journal append throughput with fsync on, beside its baseline measured in the same run: the same number of bytes
 * appended to a plain file by one thread with an fsync per MiB (the disk's own append-and-force rate).
 *
 * <p>Usage: {@code JournalAppendBench DIR [EVENTS] [THREADS] [BATCH]}; defaults 3,000,000 events, 4 threads, lists of
 * 100 (the inputs submit per read burst). Prints events/s, MB/s and the ratio to the baseline.
 */
public final class JournalAppendBench {
    private JournalAppendBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 3_000_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Files.createDirectories(dir);

        List<LogEvent> pool = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pool.add(LogEvent.builder()
                    .timestamp(1_763_776_000_000_000L + i)
                    .received(1_763_776_000_000_100L + i)
                    .site("site-a")
                    .input("syslog-tcp")
                    .source("10.1.2.3:51514")
                    .host("eep-0" + (i % 10))
                    .component("EEP")
                    .app("eep")
                    .procId("4242")
                    .severity(Severity.WARNING)
                    .facility(16)
                    .message(String.format(
                            Locale.ROOT,
                            "event %06d processed alarm ALM-%d for door %d from 10.1.%d.%d in %d ms, status=ok",
                            i,
                            i * 7,
                            i % 50,
                            i % 255,
                            i % 13,
                            i % 97))
                    .build());
        }

        Path journalDir = dir.resolve("journal");
        long bytes;
        double journalRate;
        try (Journal j = Journal.open(
                JournalConfig.defaults(journalDir, "site-a"), Clock.systemUTC(), new SimpleMeterRegistry())) {
            j.submit(pool).join(); // warm-up
            int perThread = events / threads;
            List<Thread> ts = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t * 250;
                Thread th = new Thread(() -> {
                    ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
                    for (int n = 0; n < perThread; n += batch) {
                        int from = (offset + n) % (pool.size() - batch);
                        inFlight.add(j.submit(pool.subList(from, from + batch)));
                        if (inFlight.size() > 64) {
                            inFlight.poll().join();
                        }
                    }
                    inFlight.forEach(CompletableFuture::join);
                });
                th.start();
                ts.add(th);
            }
            for (Thread th : ts) {
                th.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            journalRate = perThread * (double) threads / seconds;
            bytes = j.sizeBytes();
        }
        double baselineSeconds = rawAppend(dir.resolve("raw.bin"), bytes);
        double rawRate = bytes / baselineSeconds;
        double journalBytesPerSecond = journalRate * (bytes / (double) (events + pool.size()));
        System.out.printf(
                Locale.ROOT,
                "journal append, fsync on, %d threads, lists of %d: %,.0f events/s = %.1f MB/s%n"
                        + "baseline, plain file append with fsync per MiB, 1 thread: %.1f MB/s%n"
                        + "ratio journal / baseline (bytes/s): %.2f  (%.1f bytes per record on disk)%n",
                threads,
                batch,
                journalRate,
                journalBytesPerSecond / 1e6,
                rawRate / 1e6,
                journalBytesPerSecond / rawRate,
                bytes / (double) (events + pool.size()));
    }

    private static double rawAppend(Path file, long total) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; i < chunk.capacity(); i++) {
            chunk.put(i, (byte) ('a' + i % 26));
        }
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < total) {
                chunk.clear();
                if (total - written < chunk.capacity()) {
                    chunk.limit((int) (total - written));
                }
                while (chunk.hasRemaining()) {
                    written += ch.write(chunk);
                }
                ch.force(false);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return seconds;
    }
}
