package io.triad.collector.journal;

import static io.triad.collector.journal.TestEvents.SITE;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.model.LogEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends 110-byte messages with fsync on and prints the rate; run with {@code -Dtriad.bench=true}. Asserts the
 * journal's target of 300,000 events/s for batched submits.
 */
@EnabledIfSystemProperty(named = "triad.bench", matches = "true")
class JournalThroughputTest {

    @TempDir
    Path dir;

    @Test
    void batchedSubmitsFromFourThreadsAppendAtLeast300kEventsPerSecond() throws Exception {
        double rate = run(4, 100, 3_000_000, 64);
        assertThat(rate).isGreaterThanOrEqualTo(300_000);
    }

    @Test
    void singleEventSubmitsFromFourThreadsArePrinted() throws Exception {
        double rate = run(4, 1, 1_000_000, 20_000);
        assertThat(rate).isPositive();
    }

    private double run(int threads, int batch, int total, int inFlightPerThread) throws Exception {
        List<LogEvent> pool = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pool.add(TestEvents.eventAt(i, 1_763_776_000_000_000L + i));
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Journal j =
                Journal.open(JournalConfig.defaults(dir.resolve("j" + batch), SITE), Clock.systemUTC(), registry)) {
            // warm up
            j.submit(pool).get(10, TimeUnit.SECONDS);
            List<Thread> ts = new ArrayList<>();
            int perThread = total / threads;
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int offset = t * 250;
                Thread th = new Thread(() -> {
                    ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
                    for (int n = 0; n < perThread; n += batch) {
                        int from = (offset + n) % (pool.size() - batch);
                        inFlight.add(j.submit(pool.subList(from, from + batch)));
                        if (inFlight.size() > inFlightPerThread) {
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
            long nanos = System.nanoTime() - start;
            double rate = perThread * (double) threads / (nanos / 1e9);
            Timer fsync = registry.get("triad.journal.fsync").timer();
            System.out.printf(
                    Locale.ROOT,
                    "journal throughput: %d threads, batches of %d: %,.0f events/s (%d events in %.2f s), %d commits,"
                            + " mean commit %.2f ms, %.1f bytes/record%n",
                    threads,
                    batch,
                    rate,
                    perThread * threads,
                    nanos / 1e9,
                    fsync.count(),
                    fsync.mean(TimeUnit.MILLISECONDS),
                    (double) j.sizeBytes() / j.lastPosition());
            return rate;
        }
    }
}
