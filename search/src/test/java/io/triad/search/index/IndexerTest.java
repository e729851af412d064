package io.triad.search.index;

import static io.triad.search.index.TestEvents.micros;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.triad.collector.journal.Journal;
import io.triad.collector.journal.JournalConfig;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final IndexConfig CONFIG = IndexConfig.defaults()
            .withRefreshInterval(Duration.ofMillis(100))
            .withCommitInterval(Duration.ofMillis(100));

    @TempDir
    Path dir;

    private static List<LogEvent> events(int from, int count) {
        List<LogEvent> out = new ArrayList<>();
        long t0 = micros("2026-11-22T10:00:00Z");
        for (int i = from; i < from + count; i++) {
            // spread over two days, so two partitions are written
            long ts = t0 + (i % 2 == 0 ? 0 : -86_400_000_000L) + i * 1000L;
            out.add(TestEvents.event(i, ts)
                    .id(EventId.NONE)
                    .message("line " + i + " from 10.1.2.3")
                    .build());
        }
        return out;
    }

    private static int count(LogIndex index, Query q) throws IOException {
        IndexSearcher s = index.acquire();
        try {
            return s.count(q);
        } finally {
            index.release(s);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    private static int countOrZero(LogIndex index) {
        try {
            return count(index, new MatchAllDocsQuery());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Journal journal() throws IOException {
        return Journal.open(JournalConfig.defaults(dir.resolve("journal"), "site-a"), CLOCK, new SimpleMeterRegistry());
    }

    @Test
    void indexesAppendedEventsAndCommitsTheJournalConsumer()
            throws IOException, InterruptedException, ExecutionException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Journal journal = journal();
                LogIndex index = LogIndex.open(dir.resolve("index"), CONFIG, CLOCK)) {
            journal.submit(events(1, 500)).get();
            try (Indexer indexer = new Indexer(journal, index, registry)) {
                indexer.start();
                await(() -> countOrZero(index) == 500, "500 events are searchable");
                journal.submit(events(501, 500)).get();
                long acked = System.nanoTime();
                await(() -> countOrZero(index) == 1000, "1000 events are searchable");
                assertThat(Duration.ofNanos(System.nanoTime() - acked)).isLessThan(Duration.ofSeconds(1));
                await(() -> journal.consumer(Indexer.CONSUMER, 0).committedPosition() == 1000, "the consumer commit");
                assertThat(indexer.lag()).isZero();
                assertThat(indexer.failure()).isEmpty();
            }
            assertThat(index.committedPosition()).isEqualTo(1000);
            assertThat(count(index, LogSchema.idQuery(new EventId("site-a", 777))))
                    .isEqualTo(1);
            assertThat(registry.get("triad.indexer.docs").counter().count()).isEqualTo(1000);
            assertThat(registry.get("triad.index.size").gauge().value()).isPositive();
            assertThat(registry.get("triad.indexer.lag").gauge().value()).isZero();
            assertThat(registry.get("triad.index.refresh").timer().count()).isPositive();
        }
    }

    @Test
    void restartInTheMiddleIndexesEveryRecordExactlyOnce()
            throws IOException, InterruptedException, ExecutionException {
        int total = 6000;
        IndexConfig small = CONFIG.withBatchSize(250);
        try (Journal journal = journal()) {
            for (int i = 0; i < 3; i++) {
                journal.submit(events(1 + i * 1000, 1000)).get();
            }
            // first run: stopped cleanly after the first half
            try (LogIndex index = LogIndex.open(dir.resolve("index"), small, CLOCK);
                    Indexer indexer = new Indexer(journal, index, new SimpleMeterRegistry())) {
                indexer.start();
                await(() -> indexer.lastIndexedPosition() == 3000, "the first half is indexed");
            }
            for (int i = 3; i < 6; i++) {
                journal.submit(events(1 + i * 1000, 1000)).get();
            }
            // second run: never commits, then crashes (the index closes under it, losing what it added)
            LogIndex crashing =
                    LogIndex.open(dir.resolve("index"), small.withCommitInterval(Duration.ofHours(1)), CLOCK);
            assertThat(crashing.committedPosition()).isEqualTo(3000);
            Indexer second = new Indexer(journal, crashing, new SimpleMeterRegistry());
            second.start();
            await(() -> second.lastIndexedPosition() > 4000, "the second run indexed some");
            crashing.close();
            await(() -> !second.running(), "the indexer stops on the fatal error");
            assertThat(second.failure()).isPresent();
            second.close();
            // third run: replays from the checkpoint and finishes
            try (LogIndex index = LogIndex.open(dir.resolve("index"), small, CLOCK)) {
                assertThat(index.committedPosition()).isEqualTo(3000);
                try (Indexer indexer = new Indexer(journal, index, new SimpleMeterRegistry())) {
                    indexer.start();
                    await(() -> indexer.lastIndexedPosition() == total, "every record is indexed");
                }
                assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(total);
                for (int seq = 1; seq <= total; seq++) {
                    assertThat(count(index, LogSchema.idQuery(new EventId("site-a", seq))))
                            .as("documents of site-a:%d", seq)
                            .isEqualTo(1);
                }
                assertThat(index.committedPosition()).isEqualTo(total);
                assertThat(journal.consumer(Indexer.CONSUMER, 0).committedPosition())
                        .isEqualTo(total);
            }
        }
    }
}
