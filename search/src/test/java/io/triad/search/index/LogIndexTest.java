package io.triad.search.index;

import static io.triad.search.index.TestEvents.event;
import static io.triad.search.index.TestEvents.micros;
import static io.triad.search.index.TestEvents.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.triad.collector.journal.JournalRecord;
import io.triad.collector.model.EventId;
import io.triad.collector.model.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIndexTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final long DAY = 86_400_000_000L;

    @TempDir
    Path dir;

    private static int count(LogIndex index, Query q) throws IOException {
        IndexSearcher s = index.acquire();
        try {
            return s.count(q);
        } finally {
            index.release(s);
        }
    }

    private static JournalRecord record(long pos, LogEvent e) {
        return new JournalRecord(pos, e);
    }

    @Test
    void eventsGoToThePartitionOfTheirUtcDay() throws IOException {
        try (LogIndex index = LogIndex.open(dir.resolve("index"), IndexConfig.defaults(), CLOCK)) {
            index.add(List.of(
                    record(1, event(1, micros("2026-11-21T23:59:59.999999Z")).build()),
                    record(2, event(2, micros("2026-11-22T00:00:00Z")).build()),
                    record(3, event(3, micros("2026-11-22T13:00:00Z")).build())));
            index.commit(3);
            index.refresh();
            assertThat(index.partitions())
                    .containsExactly(LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-22"));
            assertThat(dir.resolve("index/2026-11-21")).isDirectory();
            assertThat(dir.resolve("index/2026-11-22")).isDirectory();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(3);
            assertThat(index.sizeBytes()).isPositive();
        }
    }

    @Test
    void addedEventsBecomeSearchableOnRefreshNotBefore() throws IOException {
        try (LogIndex index = LogIndex.inMemory(IndexConfig.defaults(), CLOCK)) {
            index.add(records(1, 10, micros("2026-11-22T10:00:00Z")));
            assertThat(count(index, new MatchAllDocsQuery())).isZero();
            index.refresh();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(10);
            assertThat(count(index, new TermQuery(new Term(LogSchema.MESSAGE, "alice"))))
                    .isEqualTo(10);
            assertThat(count(index, new TermQuery(new Term(LogSchema.MESSAGE, "10.1.2.3"))))
                    .isEqualTo(10);
            assertThat(count(index, new TermQuery(new Term(LogSchema.HOST, "web-01"))))
                    .isEqualTo(10);
            assertThat(count(index, LogSchema.idQuery(new EventId("site-a", 7))))
                    .isEqualTo(1);
        }
    }

    @Test
    void maybeRefreshWaitsForTheRefreshInterval() throws IOException, InterruptedException {
        IndexConfig config = IndexConfig.defaults().withRefreshInterval(java.time.Duration.ofMillis(200));
        try (LogIndex index = LogIndex.inMemory(config, CLOCK)) {
            index.refresh();
            index.add(records(1, 5, micros("2026-11-22T10:00:00Z")));
            assertThat(index.maybeRefresh()).isFalse();
            Thread.sleep(250);
            assertThat(index.maybeRefresh()).isTrue();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(5);
            assertThat(index.maybeRefresh()).isFalse(); // nothing new
        }
    }

    @Test
    void commitRecordsTheJournalPositionInEveryWrittenPartitionAndTheCheckpoint() throws IOException {
        Path root = dir.resolve("index");
        try (LogIndex index = LogIndex.open(root, IndexConfig.defaults(), CLOCK)) {
            index.add(records(1, 3, micros("2026-11-21T10:00:00Z")));
            index.add(records(4, 3, micros("2026-11-22T10:00:00Z")));
            index.commit(6);
            assertThat(index.committedPosition()).isEqualTo(6);
            index.add(records(7, 2, micros("2026-11-22T11:00:00Z")));
            index.commit(8);
            assertThat(index.partitionPositions())
                    .containsEntry(LocalDate.parse("2026-11-21"), 6L)
                    .containsEntry(LocalDate.parse("2026-11-22"), 8L);
        }
        try (FSDirectory d = FSDirectory.open(root.resolve("2026-11-21"))) {
            assertThat(LogIndex.commitPosition(d)).isEqualTo(6);
        }
        try (FSDirectory d = FSDirectory.open(root.resolve("2026-11-22"))) {
            assertThat(LogIndex.commitPosition(d)).isEqualTo(8);
        }
        assertThat(Files.readString(root.resolve("checkpoint"), StandardCharsets.UTF_8)
                        .trim())
                .isEqualTo("journal.position=8");
        try (LogIndex reopened = LogIndex.open(root, IndexConfig.defaults(), CLOCK)) {
            assertThat(reopened.committedPosition()).isEqualTo(8);
            reopened.refresh();
            assertThat(count(reopened, new MatchAllDocsQuery())).isEqualTo(8);
        }
    }

    @Test
    void replayAfterACrashIndexesEveryRecordExactlyOnce() throws IOException {
        Path root = dir.resolve("index");
        List<JournalRecord> all = new ArrayList<>();
        all.addAll(records(1, 10, micros("2026-11-21T10:00:00Z")));
        all.addAll(records(11, 10, micros("2026-11-22T10:00:00Z")));
        try (LogIndex index = LogIndex.open(root, IndexConfig.defaults().withMaxOpenWriters(1), CLOCK)) {
            index.add(all.subList(0, 10));
            index.commit(10);
            // writing the second day evicts (commits) the first day's writer, then a crash: no commit of 11..20
            index.add(all.subList(10, 20));
        }
        try (LogIndex index = LogIndex.open(root, IndexConfig.defaults().withMaxOpenWriters(1), CLOCK)) {
            assertThat(index.committedPosition()).isEqualTo(10);
            // a journal reader may hand back records the partitions already hold: replay from the start
            index.add(all);
            index.commit(20);
            index.refresh();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(20);
            for (long seq = 1; seq <= 20; seq++) {
                assertThat(count(index, LogSchema.idQuery(new EventId("site-a", seq))))
                        .isEqualTo(1);
            }
        }
        try (LogIndex index = LogIndex.open(root, IndexConfig.defaults(), CLOCK)) {
            index.add(all);
            index.commit(20);
            index.refresh();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(20);
        }
    }

    @Test
    void retentionDeletesWholePartitionsOlderThanTheRetentionDays() throws IOException {
        IndexConfig config = IndexConfig.defaults().withRetention(2, 0);
        long today = micros("2026-11-22T08:00:00Z");
        try (LogIndex index = LogIndex.open(dir.resolve("index"), config, CLOCK)) {
            index.add(List.of(
                    record(1, event(1, today - DAY).build()),
                    record(2, event(2, today).build())));
            index.commit(2);
            assertThat(index.partitions()).hasSize(2);
            index.add(List.of(record(3, event(3, today - 5 * DAY).build()))); // older than retention: skipped
            index.commit(3);
            assertThat(index.partitions()).hasSize(2);
        }
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofDays(2));
        try (LogIndex index = LogIndex.open(dir.resolve("index"), config, later)) {
            assertThat(index.applyRetention()).containsExactly(LocalDate.parse("2026-11-21"));
            assertThat(index.partitions()).containsExactly(LocalDate.parse("2026-11-22"));
            assertThat(dir.resolve("index/2026-11-21")).doesNotExist();
            index.refresh();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(1);
        }
    }

    @Test
    void retentionBySizeDeletesOldestPartitionsAndKeepsTheNewest() throws IOException {
        try (LogIndex index =
                LogIndex.open(dir.resolve("index"), IndexConfig.defaults().withRetention(0, 1), CLOCK)) {
            long t = micros("2026-11-18T08:00:00Z");
            for (int d = 0; d < 4; d++) {
                index.add(records(d * 10L + 1, 10, t + d * DAY));
            }
            index.commit(40);
            assertThat(index.partitions()).hasSize(4);
            index.applyRetention();
            assertThat(index.partitions()).containsExactly(LocalDate.parse("2026-11-21"));
            index.refresh();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(10);
        }
    }

    @Test
    void dynamicFieldsBeyondTheCapGoToTheOverflowField() throws IOException {
        Path root = dir.resolve("index");
        IndexConfig config = IndexConfig.defaults().withMaxDynamicFields(2);
        long t = micros("2026-11-22T08:00:00Z");
        try (LogIndex index = LogIndex.open(root, config, CLOCK)) {
            index.add(List.of(
                    record(1, event(1, t).field("Alpha", "1").field("beta", "2").build())));
            index.add(List.of(record(
                    2, event(2, t).field("gamma", "3").field("alpha", "4").build())));
            index.commit(2);
        }
        try (LogIndex index = LogIndex.open(root, config, CLOCK)) {
            index.add(List.of(record(3, event(3, t).field("delta", "5").build())));
            index.commit(3);
            index.refresh();
            assertThat(count(index, new TermQuery(new Term("fields.alpha", "1"))))
                    .isEqualTo(1);
            assertThat(count(index, new TermQuery(new Term("fields.alpha", "4"))))
                    .isEqualTo(1);
            assertThat(count(index, new TermQuery(new Term("fields.beta", "2"))))
                    .isEqualTo(1);
            assertThat(count(index, new TermQuery(new Term("fields.gamma", "3"))))
                    .isZero();
            assertThat(count(index, new TermQuery(new Term(LogSchema.FIELDS_OVERFLOW, "gamma=3"))))
                    .isEqualTo(1);
            assertThat(count(index, new TermQuery(new Term(LogSchema.FIELDS_OVERFLOW, "delta=5"))))
                    .isEqualTo(1);
        }
    }

    @Test
    void overLongValuesAreTruncatedNotRejected() throws IOException {
        String longHost = "h".repeat(40_000);
        String longValue = "é".repeat(20_000); // 40,000 UTF-8 bytes
        LogEvent e = event(1, micros("2026-11-22T08:00:00Z"))
                .host(longHost)
                .field("blob", longValue)
                .correlate("trace_id", longValue)
                .message("start " + "x".repeat(100_000) + " end")
                .build();
        try (LogIndex index = LogIndex.inMemory(IndexConfig.defaults(), CLOCK)) {
            assertThat(index.add(List.of(record(1, e)))).isEqualTo(1);
            index.refresh();
            assertThat(count(index, new PrefixQuery(new Term(LogSchema.HOST, "hhhh"))))
                    .isEqualTo(1);
            assertThat(count(index, new PrefixQuery(new Term("fields.blob", "éé"))))
                    .isEqualTo(1);
            assertThat(count(index, new TermQuery(new Term(LogSchema.MESSAGE, "end"))))
                    .isEqualTo(1);
        }
    }

    @Test
    void moreDaysThanOpenWritersAreAllIndexed() throws IOException {
        try (LogIndex index =
                LogIndex.open(dir.resolve("index"), IndexConfig.defaults().withMaxOpenWriters(1), CLOCK)) {
            long t = micros("2026-11-18T08:00:00Z");
            List<JournalRecord> batch = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                batch.add(record(i, event(i, t + (i % 3) * DAY).build()));
            }
            index.add(batch);
            index.commit(30);
            index.refresh();
            assertThat(index.partitions()).hasSize(3);
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(30);
            // a partition committed when its writer was evicted keeps that position; it got nothing after it
            assertThat(index.partitionPositions().values())
                    .allMatch(p -> p >= 28L)
                    .contains(30L);
        }
    }
}
